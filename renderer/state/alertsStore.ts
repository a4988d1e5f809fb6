// Alerts as the console checks them: the rules of this connection, what fires, the history. The
// console pushes `alerts.changed`; in web mode the page also shows browser notifications for alerts
// that fire (the desktop app's main process shows its own), once the user allowed them.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, Reply, ReplyError } from '../../shared';
import type { AlertRule, AlertStatus } from '../../shared/alerts';
import { ALERT_METRIC_NAMES } from '../../shared/alerts';

export type PageNotifications = 'unsupported' | 'default' | 'granted' | 'denied';

export interface AlertsStoreState {
  status: AlertStatus | null;
  error: ReplyError | null;
  busy: boolean;
  /** Web mode only: whether the browser may show notifications for alerts. */
  notifications: PageNotifications;
  load: () => Promise<void>;
  saveRule: (rule: AlertRule) => Promise<boolean>;
  removeRule: (stream: string, group: string) => Promise<boolean>;
  clearHistory: () => Promise<boolean>;
  checkNow: () => Promise<boolean>;
  /** Asks the browser's permission; call it from a click (browsers refuse it otherwise). */
  enableNotifications: () => Promise<void>;
  listen: () => () => void;
}

export type AlertsStore = StoreApi<AlertsStoreState>;

function browserNotifications(): PageNotifications {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function createAlertsStore(bridge: Bridge, opts: { pageNotifications: boolean }): AlertsStore {
  return createStore<AlertsStoreState>()((set, get) => {
    /** The newest history item already seen: only later ones become notifications. */
    let seen: number | null = null;

    const take = (status: AlertStatus) => {
      const newest = status.history[0]?.id ?? seen ?? 0;
      if (seen !== null && opts.pageNotifications && get().notifications === 'granted') {
        for (const item of status.history) {
          if (item.id <= seen) break;
          if (item.kind !== 'fired') continue;
          const a = item.alert;
          const what = a.metric === 'instance' ? `instance ${a.instance ?? ''} not live` : ALERT_METRIC_NAMES[a.metric];
          try {
            new Notification(`Streamscope: ${what} on ${a.stream} / ${a.group}`, { body: a.message, tag: a.key });
          } catch {
            // some browsers allow notifications only from a service worker: the Overview still shows the alert
          }
        }
      }
      seen = Math.max(seen ?? 0, newest);
      set({ status });
    };

    const run = async (call: () => Promise<Reply<AlertStatus>>): Promise<boolean> => {
      set({ busy: true, error: null });
      const reply = await call();
      if (reply.ok) take(reply.value);
      set({ busy: false, error: reply.ok ? null : reply.error });
      return reply.ok;
    };
    const rules = () => get().status?.rules ?? [];

    return {
      status: null,
      error: null,
      busy: false,
      notifications: opts.pageNotifications ? browserNotifications() : 'unsupported',
      async load() {
        const reply = await bridge.invoke('alerts.status', {});
        if (reply.ok) take(reply.value);
        set({ error: reply.ok ? null : reply.error });
      },
      saveRule: (rule) =>
        run(() =>
          bridge.invoke('alerts.setRules', {
            rules: [...rules().filter((r) => r.stream !== rule.stream || r.group !== rule.group), rule],
          }),
        ),
      removeRule: (stream, group) =>
        run(() => bridge.invoke('alerts.setRules', { rules: rules().filter((r) => r.stream !== stream || r.group !== group) })),
      clearHistory: () => run(() => bridge.invoke('alerts.clearHistory', {})),
      checkNow: () => run(() => bridge.invoke('alerts.check', {})),
      async enableNotifications() {
        if (typeof Notification === 'undefined') return;
        set({ notifications: await Notification.requestPermission() });
      },
      listen() {
        void get().load();
        const offChanged = bridge.on('alerts.changed', take);
        const offState = bridge.on('connection.state', (s) => {
          if (s.state === 'ready') void get().load();
        });
        return () => {
          offChanged();
          offState();
        };
      },
    };
  });
}

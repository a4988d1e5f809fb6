// Which Redis the console is connected to, its live state, and the saved connection profiles.
// It remembers what it last asked to connect to (for Retry) and the last target that answered
// (for "Back to …" after a switch failed); a URL typed here stays in this page's memory only.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ArgsIn } from '../../shared/schemas';

export type FilePurpose = ArgsIn<'profiles.chooseFile'>['purpose'];
import type {
  Api,
  Bridge,
  ConnectionProfile,
  ConnectionStatus,
  DemoStatus,
  Reply,
  ProfilesImportReport,
  ReplyError,
  SecretStorageInfo,
  SshHostKey,
} from '../../shared';

export type ProfileInput = Api['profiles.save']['args'];
/** A URL, a saved profile, or `{}`: the console's own default (its --redis, REDIS_URL or embedded). */
export type ConnectTarget = { url: string } | { profileId: string } | Record<string, never>;

/** What a switch to another Redis stops on the current one, for the confirmation. */
export interface SwitchImpact {
  /** The demo, when it runs: its stream and channel are removed. */
  demo: DemoStatus | null;
  /** Hosted instances running or paused: they leave their groups. */
  hosted: Array<{ instance: string; group: string; stream: string }>;
  /** The console could not say (e.g. Redis is not connected); the counts above may be short. */
  unknown: boolean;
}

export interface ConnectionStoreState {
  status: ConnectionStatus | null;
  profiles: ConnectionProfile[];
  /** True once the first status and profile list came back (answered or refused). */
  loaded: boolean;
  statusError: ReplyError | null;
  /** Error of the last connect / save / delete, shown in the profiles dialog. */
  actionError: ReplyError | null;
  busy: boolean;
  /** What the last connect asked for (the console's default until the user picks one). */
  target: ConnectTarget;
  /** The last target that reached 'ready', and its URL as shown; null until one did. */
  lastReady: { target: ConnectTarget; url: string } | null;
  /** Where "Back to …" goes after a switch: the last ready target before the current one. */
  previous: { target: ConnectTarget; url: string } | null;
  load: () => Promise<void>;
  connect: (target: ConnectTarget) => Promise<boolean>;
  retry: () => Promise<boolean>;
  back: () => Promise<boolean>;
  switchImpact: () => Promise<SwitchImpact>;
  saveProfile: (input: ProfileInput) => Promise<ConnectionProfile | null>;
  deleteProfile: (id: string) => Promise<boolean>;
  /** Every saved connection as an export file's text (no secrets); null when refused. */
  exportProfiles: () => Promise<string | null>;
  /** Imports an export file (or only previews it); reloads the list after a real import. */
  importProfiles: (json: string, dryRun: boolean) => Promise<ProfilesImportReport | null>;
  clearActionError: () => void;
  /** Remember the SSH host key the last attempt was shown, then connect again. */
  trustHostKey: (key: SshHostKey) => Promise<boolean>;
  /** Where profile secrets are kept (keychain or memory), and why they cannot be when so. */
  secretStorage: SecretStorageInfo | null;
  /** The desktop app's open dialog for a key or certificate file (null when cancelled). */
  chooseFile: (purpose: FilePurpose) => Promise<string | null>;
  /** Follow pushed state changes; returns the unsubscribe function. */
  subscribe: () => () => void;
}

export type ConnectionStore = StoreApi<ConnectionStoreState>;

const sameTarget = (a: ConnectTarget, b: ConnectTarget) => JSON.stringify(a) === JSON.stringify(b);

export function createConnectionStore(bridge: Bridge): ConnectionStore {
  return createStore<ConnectionStoreState>()((set, get) => {
    const act = async <T>(run: () => Promise<Reply<T>>): Promise<T | null> => {
      set({ busy: true, actionError: null });
      const reply = await run();
      set({ busy: false, actionError: reply.ok ? null : reply.error });
      return reply.ok ? reply.value : null;
    };

    const relist = async () => {
      const listed = await bridge.invoke('profiles.list', {});
      set(listed.ok ? { profiles: listed.value } : { actionError: listed.error });
    };

    const observe = (status: ConnectionStatus) => {
      set({ status });
      if (status.state === 'ready') set({ lastReady: { target: get().target, url: status.url } });
    };

    return {
      status: null,
      profiles: [],
      loaded: false,
      statusError: null,
      actionError: null,
      busy: false,
      target: {},
      lastReady: null,
      previous: null,

      async load() {
        void bridge.invoke('profiles.secrets', {}).then((info) => set({ secretStorage: info.ok ? info.value : null }));
        const [status, profiles] = await Promise.all([bridge.invoke('connection.status', {}), bridge.invoke('profiles.list', {})]);
        if (status.ok) observe(status.value);
        set({
          statusError: status.ok ? null : status.error,
          profiles: profiles.ok ? profiles.value : get().profiles,
          actionError: profiles.ok ? get().actionError : profiles.error,
          loaded: true,
        });
      },

      async connect(target) {
        const { lastReady, previous } = get();
        // Going somewhere new: the way back is wherever we were last working.
        set({ target, previous: lastReady && !sameTarget(lastReady.target, target) ? lastReady : previous });
        const status = await act(() => bridge.invoke('connection.connect', target));
        if (status) observe(status);
        // The console recorded when this profile last connected: the list shows it and sorts by it.
        if (status?.state === 'ready' && status.profileId) await relist();
        return status !== null;
      },

      retry: () => get().connect(get().target),

      async back() {
        const previous = get().previous;
        return previous ? get().connect(previous.target) : false;
      },

      async switchImpact() {
        const [demo, hosted] = await Promise.all([bridge.invoke('demo.status', {}), bridge.invoke('instances.list', {})]);
        return {
          demo: demo.ok && demo.value.running ? demo.value : null,
          hosted: hosted.ok
            ? hosted.value
                .filter((h) => h.state === 'running' || h.state === 'paused')
                .map(({ instance, group, stream }) => ({ instance, group, stream }))
            : [],
          unknown: !demo.ok || !hosted.ok,
        };
      },

      async saveProfile(input) {
        const saved = await act(() => bridge.invoke('profiles.save', input));
        if (saved)
          set({
            profiles: get()
              .profiles.filter((p) => p.id !== saved.id)
              .concat(saved),
          });
        return saved;
      },

      async deleteProfile(id) {
        const result = await act(() => bridge.invoke('profiles.delete', { id }));
        if (result) set({ profiles: get().profiles.filter((p) => p.id !== id) });
        return result !== null;
      },

      async exportProfiles() {
        return (await act(() => bridge.invoke('profiles.export', {})))?.json ?? null;
      },

      async importProfiles(json, dryRun) {
        const report = await act(() => bridge.invoke('profiles.import', { json, dryRun }));
        if (report && !dryRun) await relist();
        return report;
      },

      clearActionError() {
        set({ actionError: null });
      },

      secretStorage: null,

      async chooseFile(purpose) {
        const chosen = await act(() => bridge.invoke('profiles.chooseFile', { purpose }));
        return chosen?.path ?? null;
      },

      async trustHostKey(key) {
        const trusted = await act(() => bridge.invoke('connection.trustHostKey', key));
        return trusted ? get().connect(get().target) : false;
      },

      subscribe() {
        return bridge.on('connection.state', (status) => {
          set({ statusError: null });
          observe(status);
        });
      },
    };
  });
}

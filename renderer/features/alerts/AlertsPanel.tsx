// Alerts on the Overview: what fires now (with what was compared), the rules of this connection
// with a form to add one, thresholds that could not be compared and why, the history, and in web
// mode the switch for browser notifications (asked on a click, as browsers require).
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../../../shared';
import type { Alert, AlertStatus } from '../../../shared/alerts';
import { ALERT_METRIC_NAMES } from '../../../shared/alerts';
import { displayKeyName } from '../../../shared/key-name';
import { formatDuration } from '../../../shared/human';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatClock } from '../../state/format';
import type { AlertsStore } from '../../state/alertsStore';
import { AlertRules } from './AlertRules';
import { RuleForm } from './RuleForm';
import './alerts.css';

export function AlertsPanel({ store, streams }: { store: AlertsStore; streams: string[] }) {
  const s = useStore(store);
  const status = s.status;

  return (
    <section className="ss-alerts" aria-label="Alerts">
      <header className="ss-alerts-header">
        <h2 className="section-title">Alerts</h2>
        <div className="toolbar">
          {s.notifications === 'default' && (
            <button type="button" onClick={() => void s.enableNotifications()}>
              Enable desktop notifications
            </button>
          )}
          {s.notifications === 'granted' && <span className="muted">Desktop notifications on</span>}
          {s.notifications === 'denied' && <span className="muted">Notifications are blocked by this browser</span>}
          <button type="button" onClick={() => void s.checkNow()} disabled={s.busy}>
            Check alerts now
          </button>
        </div>
      </header>
      <ErrorMessage error={s.error} context="Alerts" />
      {status?.error ? <p className="error-message">{status.error}</p> : null}

      {status && status.firing.length > 0 ? (
        <ul className="ss-alerts-firing" aria-label="Firing alerts">
          {status.firing.map((a) => (
            <li key={a.key} className={`ss-alert ${a.compared}`}>
              <strong>{a.metric === 'instance' ? `Instance not live` : ALERT_METRIC_NAMES[a.metric]}</strong> {a.message}{' '}
              <span className="muted">since {formatClock(a.since, 's')}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{status && status.rules.length > 0 ? 'No alert is firing.' : 'No alert rules yet: add one below.'}</p>
      )}

      {status && status.skipped.length > 0 ? (
        <ul className="ss-alerts-skipped muted" aria-label="Thresholds not compared">
          {status.skipped.map((x) => (
            <li key={`${x.stream}\n${x.group}\n${x.metric}`}>
              Not compared: {ALERT_METRIC_NAMES[x.metric]} of {x.group} on {displayKeyName(x.stream)} — {x.reason}
            </li>
          ))}
        </ul>
      ) : null}

      {status && status.rules.length > 0 ? <AlertRules rules={status.rules} busy={s.busy} onRemove={s.removeRule} /> : null}
      {status ? (
        <p className="muted">
          {status.rulesSavedIn === 'profile'
            ? 'Rules are saved with this connection profile.'
            : 'Rules are kept until the console exits: connect with a saved profile to keep them.'}{' '}
          Checked every {formatDuration(status.intervalMs)}
          {status.checkedAt ? `, last at ${formatClock(status.checkedAt, 's')}` : ''}.
        </p>
      ) : null}

      <RuleForm streams={streams} busy={s.busy} onSave={s.saveRule} />

      {status ? (
        <details className="ss-alerts-history">
          <summary>History ({status.history.length})</summary>
          <button type="button" onClick={() => void s.clearHistory()} disabled={s.busy || status.history.length === 0}>
            Clear history
          </button>
          <ol aria-label="Alert history">
            {status.history.map((h) => (
              <li key={h.id}>
                <span className="muted">{formatClock(h.at, 's')}</span> {h.kind === 'fired' ? 'Fired' : 'Resolved'}: {h.alert.message}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

/** Alerts firing for one stream's groups, for the Groups tab: its own read of alerts.status, kept current by alerts.changed. */
export function GroupAlerts({ bridge, stream }: { bridge: Bridge; stream: string }) {
  const [firing, setFiring] = useState<Alert[]>([]);
  useEffect(() => {
    let live = true;
    const take = (status: AlertStatus) => live && setFiring(status.firing.filter((a) => a.stream === stream));
    void bridge.invoke('alerts.status', {}).then((reply) => reply.ok && take(reply.value));
    const off = bridge.on('alerts.changed', take);
    return () => {
      live = false;
      off();
    };
  }, [bridge, stream]);
  if (firing.length === 0) return null;
  return (
    <ul className="ss-alerts-firing" aria-label={`Alerts on ${displayKeyName(stream)}`}>
      {firing.map((a) => (
        <li key={a.key} className={`ss-alert ${a.compared}`}>
          {a.message}
        </li>
      ))}
    </ul>
  );
}

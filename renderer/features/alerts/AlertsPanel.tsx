// Alerts on the Overview: what fires now (with what was compared), the rules of this connection
// with a form to add one, thresholds that could not be compared and why, the history, and in web
// mode the switch for browser notifications (asked on a click, as browsers require).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../../../shared';
import type { Alert, AlertRule, AlertStatus } from '../../../shared/alerts';
import { ALERT_METRIC_NAMES } from '../../../shared/alerts';
import { displayKeyName } from '../../../shared/key-name';
import { formatDuration } from '../../../shared/human';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatClock } from '../../state/format';
import type { AlertsStore } from '../../state/alertsStore';
import './alerts.css';

export function thresholdsText(rule: AlertRule): string {
  const parts: string[] = [];
  if (rule.lag !== undefined) parts.push(`lag > ${rule.lag.toLocaleString('en-US')}`);
  if (rule.lagMs !== undefined) parts.push(`lag in time > ${formatDuration(rule.lagMs)}`);
  if (rule.pending !== undefined) parts.push(`pending > ${rule.pending.toLocaleString('en-US')}`);
  if (rule.oldestPendingMs !== undefined) parts.push(`oldest pending > ${formatDuration(rule.oldestPendingMs)}`);
  if (rule.instances) parts.push('an instance stops being live');
  return parts.join(' · ');
}

/** A whole number from a form field, undefined when empty; NaN when it is not one (the form says so). */
function wholeNumber(text: string, scale = 1): number | undefined {
  const t = text.trim().replace(/,/g, '');
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) && n > 0 ? Math.round(n * scale) : Number.NaN;
}

export function AlertsPanel({ store, streams }: { store: AlertsStore; streams: string[] }) {
  const s = useStore(store);
  const formId = useId();
  const [stream, setStream] = useState('');
  const [group, setGroup] = useState('');
  const [lag, setLag] = useState('');
  const [lagSec, setLagSec] = useState('');
  const [pending, setPending] = useState('');
  const [pendingSec, setPendingSec] = useState('');
  const [instances, setInstances] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const status = s.status;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const numbers = {
      lag: wholeNumber(lag),
      lagMs: wholeNumber(lagSec, 1000),
      pending: wholeNumber(pending),
      oldestPendingMs: wholeNumber(pendingSec, 1000),
    };
    const bad = Object.entries(numbers).find(([, n]) => Number.isNaN(n));
    if (!stream.trim() || !group.trim()) return setProblem('Name the stream and the group the rule is for.');
    if (bad) return setProblem('Thresholds must be numbers above 0; leave a field empty to not check it.');
    const rule: AlertRule = { stream: stream.trim(), group: group.trim(), ...(instances ? { instances: true } : {}) };
    for (const [k, n] of Object.entries(numbers)) if (n !== undefined) Object.assign(rule, { [k]: n });
    if (Object.keys(rule).length === 2) return setProblem('Set at least one threshold, or tick the instance check.');
    setProblem(null);
    if (await s.saveRule(rule)) {
      setLag('');
      setLagSec('');
      setPending('');
      setPendingSec('');
      setInstances(false);
    }
  };

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

      {status && status.rules.length > 0 ? (
        <table className="grid" aria-label="Alert rules">
          <thead>
            <tr>
              <th>Stream</th>
              <th>Group</th>
              <th>Alert when</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {status.rules.map((r) => (
              <tr key={`${r.stream}\n${r.group}`}>
                <td className="mono">{displayKeyName(r.stream)}</td>
                <td className="mono">{r.group}</td>
                <td>{thresholdsText(r)}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Remove alert rule for ${r.group} on ${displayKeyName(r.stream)}`}
                    onClick={() => void s.removeRule(r.stream, r.group)}
                    disabled={s.busy}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {status ? (
        <p className="muted">
          {status.rulesSavedIn === 'profile'
            ? 'Rules are saved with this connection profile.'
            : 'Rules are kept until the console exits: connect with a saved profile to keep them.'}{' '}
          Checked every {formatDuration(status.intervalMs)}
          {status.checkedAt ? `, last at ${formatClock(status.checkedAt, 's')}` : ''}.
        </p>
      ) : null}

      <form className="ss-alerts-form" aria-label="Add an alert rule" onSubmit={(e) => void submit(e)}>
        <label>
          Stream
          <input list={`${formId}-streams`} value={stream} onChange={(e) => setStream(e.target.value)} />
          <datalist id={`${formId}-streams`}>
            {streams.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </label>
        <label>
          Group
          <input value={group} onChange={(e) => setGroup(e.target.value)} />
        </label>
        <label>
          Lag over (entries)
          <input inputMode="numeric" value={lag} onChange={(e) => setLag(e.target.value)} />
        </label>
        <label>
          Lag in time over (s)
          <input inputMode="decimal" value={lagSec} onChange={(e) => setLagSec(e.target.value)} />
        </label>
        <label>
          Pending over (entries)
          <input inputMode="numeric" value={pending} onChange={(e) => setPending(e.target.value)} />
        </label>
        <label>
          Oldest pending over (s)
          <input inputMode="decimal" value={pendingSec} onChange={(e) => setPendingSec(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={instances} onChange={(e) => setInstances(e.target.checked)} />
          Alert when an instance stops being live
        </label>
        <button type="submit" className="primary" disabled={s.busy}>
          Save alert rule
        </button>
        {problem ? (
          <p className="error-message" role="alert">
            {problem}
          </p>
        ) : null}
      </form>

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

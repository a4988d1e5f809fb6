// The alert rules of this connection, each with what it checks and a Remove button.
import type { AlertRule } from '../../../shared/alerts';
import { displayKeyName } from '../../../shared/key-name';
import { formatDuration } from '../../../shared/human';

export function thresholdsText(rule: AlertRule): string {
  const parts: string[] = [];
  if (rule.lag !== undefined) parts.push(`lag > ${rule.lag.toLocaleString('en-US')}`);
  if (rule.lagMs !== undefined) parts.push(`lag in time > ${formatDuration(rule.lagMs)}`);
  if (rule.pending !== undefined) parts.push(`pending > ${rule.pending.toLocaleString('en-US')}`);
  if (rule.oldestPendingMs !== undefined) parts.push(`oldest pending > ${formatDuration(rule.oldestPendingMs)}`);
  if (rule.instances) parts.push('an instance stops being live');
  return parts.join(' · ');
}

interface AlertRulesProps {
  rules: AlertRule[];
  busy: boolean;
  onRemove: (stream: string, group: string) => Promise<unknown>;
}

export function AlertRules({ rules, busy, onRemove }: AlertRulesProps) {
  return (
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
        {rules.map((r) => (
          <tr key={`${r.stream}\n${r.group}`}>
            <td className="mono">{displayKeyName(r.stream)}</td>
            <td className="mono">{r.group}</td>
            <td>{thresholdsText(r)}</td>
            <td>
              <button
                type="button"
                aria-label={`Remove alert rule for ${r.group} on ${displayKeyName(r.stream)}`}
                onClick={() => void onRemove(r.stream, r.group)}
                disabled={busy}
              >
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

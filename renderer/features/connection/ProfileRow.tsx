// One saved connection in the list: its marks, where it goes (URL, SSH hops, TLS), when it was
// last connected, and its Connect and Delete buttons.
import type { ConnectionProfile } from '../../../shared';
import { redactUrl } from '../../state/redactUrl';
import { formatTime } from '../../state/format';

export function ProfileRow({
  p,
  current,
  busy,
  onConnect,
  onDelete,
}: {
  p: ConnectionProfile;
  current: boolean;
  busy: boolean;
  onConnect: (p: ConnectionProfile) => void;
  onDelete: (p: ConnectionProfile) => void;
}) {
  return (
    <tr aria-current={current ? 'true' : undefined}>
      <td>
        {p.name}
        {p.label ? <span className={`badge conn-label conn-label-${p.colour ?? 'grey'}`}>{p.label}</span> : null}
        {p.readOnly ? <span className="badge conn-read-only">read-only</span> : null}
      </td>
      <td className="mono">
        {redactUrl(p.url)}
        {p.hasPassword ? <span className="muted"> (password stored)</span> : null}
        {p.ssh ? (
          <span className="muted">
            {' '}
            via SSH {p.ssh.jump ? `${p.ssh.jump.host} → ` : ''}
            {p.ssh.host}
          </span>
        ) : null}
        {p.tls || p.url.startsWith('rediss://') ? (
          <span className="muted"> (TLS{p.tls?.rejectUnauthorized === false ? ', any certificate' : ''})</span>
        ) : null}
      </td>
      <td>{p.username ?? ''}</td>
      <td className="mono">{p.keyPrefix ?? ''}</td>
      <td className="mono">
        {p.lastConnectedAt === undefined ? <span className="muted">never</span> : formatTime(p.lastConnectedAt, 's')}
      </td>
      <td className="actions">
        <button type="button" aria-label={`Connect to ${p.name}`} disabled={busy} onClick={() => onConnect(p)}>
          Connect
        </button>
        <button type="button" aria-label={`Delete profile ${p.name}`} onClick={() => onDelete(p)}>
          Delete
        </button>
      </td>
    </tr>
  );
}

// The connection's safety marks in the header: its label in its colour, "read-only", and a line
// saying what read-only turns off.
import type { ConnectionStatus } from '../../../shared';

export function ConnectionMarks({ status }: { status: ConnectionStatus | null }) {
  if (!status) return null;
  return (
    <>
      {status.label ? (
        <span className={`badge conn-label conn-label-${status.colour ?? 'grey'}`} title="This connection's label (set in its profile)">
          {status.label}
        </span>
      ) : null}
      {status.readOnly ? (
        <span className="badge conn-read-only" title="Writes to Redis are refused on this connection">
          read-only
        </span>
      ) : null}
    </>
  );
}

export function ReadOnlyBanner({ status }: { status: ConnectionStatus | null }) {
  if (!status?.readOnly) return null;
  return (
    <div className="conn-banner conn-banner-read-only" role="note" aria-label="Read-only connection">
      Read-only connection: publishing, acknowledging, claiming, pruning, group changes, imports, replays and the demo are turned off.
      Connect with a profile that allows writes to change anything.
    </div>
  );
}

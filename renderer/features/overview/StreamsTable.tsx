// The Overview's table of streams: length, rate with its trend, groups, total lag, pending, and on
// a Redis Cluster the master and slot of each.
import type { StreamSummary } from '../../../shared';
import { displayKeyName } from '../../../shared/key-name';
import { MeasuredRate } from '../../components/MeasuredRate';
import { Sparkline } from '../../components/Sparkline';
import { formatCount } from '../../state/format';
import { formatAge, STALE_PENDING_MS } from './age';
import '../../components/tables.css';

interface StreamsTableProps {
  streams: StreamSummary[];
  /** msgs/s history per stream, for the sparklines. */
  rates: Record<string, number[]>;
  onOpenStream: (name: string) => void;
}

export function StreamsTable({ streams, rates, onOpenStream }: StreamsTableProps) {
  // On a Redis Cluster every stream carries its master and slot; one server has neither column.
  const onCluster = streams.some((x) => x.node !== undefined);
  return (
    <table className="grid" aria-label="Streams">
      <thead>
        <tr>
          <th>Stream</th>
          {onCluster && <th>Node</th>}
          {onCluster && <th className="num">Slot</th>}
          <th className="num">Length</th>
          <th>msgs/s</th>
          <th className="num">Groups</th>
          <th className="num">Total lag</th>
          <th className="num">Pending</th>
          <th className="num">Oldest pending</th>
          <th>Last id</th>
        </tr>
      </thead>
      <tbody>
        {streams.map((x) => (
          <tr key={x.name}>
            <td>
              <button
                type="button"
                className="link mono"
                onClick={() => onOpenStream(x.name)}
                aria-label={`Open stream ${displayKeyName(x.name)}`}
              >
                {displayKeyName(x.name)}
              </button>
            </td>
            {onCluster && <td className="mono">{x.node ?? '—'}</td>}
            {onCluster && <td className="num">{x.slot ?? '—'}</td>}
            <td className="num">{formatCount(x.length)}</td>
            <td>
              <span className="rate">
                <Sparkline values={rates[x.name] ?? []} label={`${x.name} msgs/s trend`} />
                <MeasuredRate
                  perSec={x.entriesPerSecond}
                  how="Entries added per second between the last two refreshes"
                  unmeasured="Measured between two refreshes: known from the second one on."
                />
              </span>
            </td>
            <td className="num">{formatCount(x.groups)}</td>
            <TotalLagCell stream={x} />
            <td className={`num ${x.totalPending ? 'warn' : ''}`}>{formatCount(x.totalPending)}</td>
            <OldestPendingCell ms={x.oldestPendingMs} />
            <td className="mono muted">{x.lastId ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The stream's backlog: the sum of its groups' lag, "≥" when part of it is a lower bound or unknown,
 * marked when the console counted some of it, and the age of the oldest entry still waiting.
 */
function TotalLagCell({ stream: x }: { stream: StreamSummary }) {
  const computed = x.lagComputedGroups ?? 0;
  const unknown = x.lagUnknownGroups ?? 0;
  const lower = x.totalLagKind === 'at-least';
  const title = [
    computed > 0 ? `${computed} group(s) counted by the console: Redis gave no lag for them.` : "Redis's own lag.",
    unknown > 0 ? `${unknown} group(s) unknown: not in the sum.` : '',
    lower ? 'So the total is a lower bound.' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <td className={`num ${x.totalLag ? 'warn' : ''}`} title={title}>
      {x.totalLag === null ? 'unknown' : `${lower ? '≥ ' : ''}${formatCount(x.totalLag)}`}
      {computed > 0 && <span className="ss-badge computed">computed</span>}
      {unknown > 0 && x.totalLag !== null && <span className="muted"> + {unknown} unknown</span>}
      {x.oldestUndeliveredMs != null && <span className="muted"> · oldest {formatAge(x.oldestUndeliveredMs)}</span>}
    </td>
  );
}

function OldestPendingCell({ ms }: { ms: number | null | undefined }) {
  const stale = ms != null && ms > STALE_PENDING_MS;
  return (
    <td className={`num ${stale ? 'stale' : ''}`} title={stale ? 'Pending for over a minute: is a consumer stuck or gone?' : undefined}>
      {formatAge(ms)}
    </td>
  );
}

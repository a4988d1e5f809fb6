// The Overview's table of streams: length, rate with its trend, groups, total lag, pending, and on
// a Redis Cluster the master and slot of each.
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { StreamSummary } from '../../../shared';
import { displayKeyName } from '../../../shared/key-name';
import { MeasuredRate } from '../../components/MeasuredRate';
import { Sparkline } from '../../components/Sparkline';
import { formatCount } from '../../state/format';
import { formatAge, STALE_PENDING_MS } from './age';
import '../../components/tables.css';
import type { RateTrends } from '../../state/overviewStore';

interface StreamsTableProps {
  streams: StreamSummary[];
  /** msgs/s history per stream, for the sparklines. */
  rates: RateTrends;
  onOpenStream: (name: string) => void;
}

/** Up to this many streams every row is in the DOM; past it only the rows in view (and a few more). */
export const ALL_ROWS_UP_TO = 200;
/** One row: the 20 px sparkline, 3 px padding above and below, a 1 px border (fixed in overview.css). */
const ROW_PX = 27;
/** The long list's own scroll area (ALL_ROWS_UP_TO rows are taller: it is always full). */
const VIEW_PX = 600;

export function StreamsTable(props: StreamsTableProps) {
  // 10,000 streams, each row with a sparkline, refreshed every 2 s: rendering them all would take
  // the page seconds per refresh. A short list stays a plain table the page scrolls.
  return props.streams.length > ALL_ROWS_UP_TO ? <VirtualStreamsTable {...props} /> : <AllStreamsTable {...props} />;
}

function AllStreamsTable({ streams, rates, onOpenStream }: StreamsTableProps) {
  const onCluster = onAnyCluster(streams);
  return (
    <table className="grid" aria-label="Streams">
      <StreamsHead onCluster={onCluster} />
      <tbody>
        {streams.map((x) => (
          <StreamRow key={x.name} stream={x} trend={rates.get(x.name)} onCluster={onCluster} onOpenStream={onOpenStream} />
        ))}
      </tbody>
    </table>
  );
}

function VirtualStreamsTable({ streams, rates, onOpenStream }: StreamsTableProps) {
  const onCluster = onAnyCluster(streams);
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the build has no React Compiler to skip this component; the virtualizer is read fresh on every render
  const v = useVirtualizer({
    count: streams.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 10,
    // Past ALL_ROWS_UP_TO rows the list is taller than its area, so the area is VIEW_PX high: nothing
    // to measure (and DOM-only hosts report 0).
    initialRect: { width: 0, height: VIEW_PX },
    observeElementRect: (_instance, cb) => {
      cb({ width: 0, height: VIEW_PX });
      return () => undefined;
    },
  });
  const rows = v.getVirtualItems();
  // Spacer rows stand for the rows out of view, so the scroll bar is that of the whole list.
  const above = rows.length > 0 ? rows[0].start : 0;
  const below = rows.length > 0 ? v.getTotalSize() - rows[rows.length - 1].end : 0;
  return (
    // Focusable so the keyboard can scroll it (arrow keys, Page Up/Down).
    <div ref={scroller} className="streams-scroll" style={{ height: VIEW_PX }} tabIndex={0} role="region" aria-label="Streams list">
      <table className="grid streams-virtual" aria-label="Streams" aria-rowcount={streams.length + 1}>
        <StreamsHead onCluster={onCluster} indexed />
        <tbody>
          {above > 0 && <tr aria-hidden="true" className="spacer" style={{ height: above }} />}
          {rows.map((row) => {
            const x = streams[row.index];
            return (
              <StreamRow
                key={x.name}
                stream={x}
                trend={rates.get(x.name)}
                onCluster={onCluster}
                onOpenStream={onOpenStream}
                rowIndex={row.index + 2}
              />
            );
          })}
          {below > 0 && <tr aria-hidden="true" className="spacer" style={{ height: below }} />}
        </tbody>
      </table>
    </div>
  );
}

/** On a Redis Cluster every stream carries its master and slot; one server has neither column. */
const onAnyCluster = (streams: StreamSummary[]) => streams.some((x) => x.node !== undefined);

function StreamsHead({ onCluster, indexed = false }: { onCluster: boolean; indexed?: boolean }) {
  return (
    <thead>
      <tr aria-rowindex={indexed ? 1 : undefined}>
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
  );
}

interface StreamRowProps {
  stream: StreamSummary;
  trend: readonly number[] | undefined;
  onCluster: boolean;
  onOpenStream: (name: string) => void;
  /** Its place in the whole list, when only part of the list is in the DOM. */
  rowIndex?: number;
}

function StreamRow({ stream: x, trend, onCluster, onOpenStream, rowIndex }: StreamRowProps) {
  return (
    <tr aria-rowindex={rowIndex}>
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
          <Sparkline values={trend ?? []} label={`${x.name} msgs/s trend`} />
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

// Pending entries with a checkbox per row and a select-all; poison rows stand out, and rows whose
// entry is gone from the stream say so.
import type { PendingEntry } from '../../../shared';
import { formatDuration } from '../../state/format';

export function PendingTable({
  entries,
  selected,
  onToggle,
  onSelectAll,
}: {
  entries: PendingEntry[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onSelectAll: (on: boolean) => void;
}) {
  const all = entries.length > 0 && entries.every((e) => selected.has(e.id));
  return (
    <table className="ss-table ss-pending-table" aria-label="Pending entries">
      <thead>
        <tr>
          <th scope="col" className="ss-check">
            <input type="checkbox" aria-label="Select all pending entries" checked={all} onChange={(e) => onSelectAll(e.target.checked)} />
          </th>
          <th scope="col">Entry id</th>
          <th scope="col">Consumer</th>
          <th scope="col" className="num">
            Idle
          </th>
          <th scope="col" className="num">
            Deliveries
          </th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} className={[e.poison && 'ss-poison', selected.has(e.id) && 'ss-selected'].filter(Boolean).join(' ') || undefined}>
            <td>
              <input type="checkbox" aria-label={`Select ${e.id}`} checked={selected.has(e.id)} onChange={() => onToggle(e.id)} />
            </td>
            <td className="mono">{e.id}</td>
            <td className="mono">{e.consumer}</td>
            <td className="num">{formatDuration(e.idleMs)}</td>
            <td className="num">{e.deliveries}</td>
            <td>
              {e.poison && <span className="ss-badge poison">poison</span>}
              {e.entryDeleted && (
                <span
                  className="ss-badge stale"
                  title="The entry is no longer in the stream (deleted or trimmed): only its pending id is left, and no instance can process it."
                >
                  entry deleted
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

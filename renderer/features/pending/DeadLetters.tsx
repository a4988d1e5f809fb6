// Entries that failed too often and were moved aside, with multi-select replay onto the stream.
import type { DeadLetter, ReplyError } from '../../../shared';
import { valueHex, type ValueBytes } from '../../../shared/value-bytes';
import { ErrorMessage } from '../../components/ErrorMessage';
import { WriteButton } from '../../components/WriteButton';

/** A payload as a line: its text when UTF-8, else its bytes in hex (never U+FFFD), with the size when cut. */
export function payloadText(v: ValueBytes): string {
  const body = v.text !== undefined ? v.text : `hex ${valueHex(v)}`;
  return v.truncated ? `${body}… (${v.size.toLocaleString('en-US')} bytes)` : body;
}

export interface DeadLettersProps {
  entries: DeadLetter[];
  total: number;
  selected: ReadonlySet<string>;
  error: ReplyError | null;
  notice: string | null;
  onToggle: (id: string) => void;
  onSelectAll: (on: boolean) => void;
  onReplay: () => void;
  onRefresh: () => void;
}

const shorten = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

export function DeadLetters({ entries, total, selected, error, notice, onToggle, onSelectAll, onReplay, onRefresh }: DeadLettersProps) {
  const all = entries.length > 0 && entries.every((e) => selected.has(e.id));
  return (
    <section className="ss-dead" aria-label="Dead letters">
      <header className="ss-toolbar">
        <h3>Dead letters ({total})</h3>
        <button type="button" onClick={onRefresh}>
          Refresh dead letters
        </button>
        <WriteButton type="button" onClick={onReplay} disabled={selected.size === 0}>
          Replay selected ({selected.size})
        </WriteButton>
      </header>
      <ErrorMessage error={error} context="Dead letters" />
      {notice && (
        <p role="status" className="ss-notice">
          {notice}
        </p>
      )}
      {entries.length === 0 ? (
        <p className="muted">No dead letters: entries land here after failing more than the maximum deliveries.</p>
      ) : (
        <table className="ss-table" aria-label="Dead letter entries">
          <thead>
            <tr>
              <th scope="col" className="ss-check">
                <input type="checkbox" aria-label="Select all dead letters" checked={all} onChange={(e) => onSelectAll(e.target.checked)} />
              </th>
              <th scope="col">Original id</th>
              <th scope="col">Group / consumer</th>
              <th scope="col" className="num">
                Deliveries
              </th>
              <th scope="col">Error</th>
              <th scope="col">Payload</th>
              <th scope="col">Dead at</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((d) => (
              <tr key={d.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select dead letter ${d.originalId}`}
                    checked={selected.has(d.id)}
                    onChange={() => onToggle(d.id)}
                  />
                </td>
                <td className="mono">{d.originalId}</td>
                <td className="mono">
                  {d.group}/{d.consumer}
                </td>
                <td className="num">{d.deliveries}</td>
                <td className="ss-dead-error">{d.error}</td>
                <td className="mono ss-dead-payload" title={payloadText(d.payload)}>
                  {shorten(payloadText(d.payload))}
                  {d.fieldCount > 1 && (
                    <span className="muted">
                      {' '}
                      (+{d.fieldCount - 1} more field{d.fieldCount > 2 ? 's' : ''})
                    </span>
                  )}
                </td>
                <td className="mono">{new Date(d.deadAt).toISOString().slice(11, 19)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

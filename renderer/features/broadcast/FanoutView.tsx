// Which of the console's subscribers got each message, next to how event streams deliver.
import type { FanoutRow } from './fanout';
import type { Subscription } from './broadcastStore';
import { useThrottled } from './useThrottled';
import { REDRAW_MS } from './LiveTail';

const SHOWN = 25;

export function FanoutView({ rows: live, subscriptions }: { rows: FanoutRow[]; subscriptions: Subscription[] }) {
  const rows = useThrottled(live, REDRAW_MS);
  const size = (r: FanoutRow) => subscriptions.find((s) => s.id === r.subscriptionId)?.subscribers ?? Math.max(...r.got) + 1;
  const width = Math.max(1, ...rows.slice(0, SHOWN).map(size));
  return (
    <section className="ss-fanout" aria-label="Fan-out">
      <h3>Fan-out</h3>
      <p className="ss-explain">
        A broadcast goes to <strong>every</strong> live subscriber: with N subscribers each message arrives N times, and a
        subscriber that joins late never sees what came before. Event streams are different: each entry is delivered to{' '}
        <strong>one instance per group</strong> (one-of-N), and what nobody has read yet waits in the stream.
      </p>
      {rows.length === 0 ? (
        <p className="muted">Subscribe with 2 or more subscribers and publish a message to see who gets it.</p>
      ) : (
        <table className="ss-table" aria-label="Fan-out per message">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Channel</th>
              <th scope="col">Payload</th>
              {Array.from({ length: width }, (_, i) => (
                <th key={i} scope="col" className="num">
                  #{i + 1}
                </th>
              ))}
              <th scope="col" className="num">Got it</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN).map((r) => {
              const n = size(r);
              return (
                <tr key={r.key} className={r.got.length < n ? 'ss-partial' : undefined}>
                  <td className="mono">{new Date(r.receivedAt).toISOString().slice(11, 23)}</td>
                  <td className="mono">{r.channel}</td>
                  <td className="mono ss-fanout-payload">{r.payload.length > 60 ? `${r.payload.slice(0, 59)}…` : r.payload}</td>
                  {Array.from({ length: width }, (_, i) => (
                    <td key={i} className={`num ${i < n ? (r.got.includes(i) ? 'ss-got' : 'ss-missed') : ''}`} aria-label={i < n ? `subscriber ${i + 1} ${r.got.includes(i) ? 'got it' : 'missed it'}` : undefined}>
                      {i >= n ? '' : r.got.includes(i) ? '✓' : '✗'}
                    </td>
                  ))}
                  <td className="num">
                    {r.got.length} of {n}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

// Which of the console's subscribers got each message, next to how event streams deliver.
import { cellState, fanoutColumns, subscriberLabel, subscriptionLabels, type CellState, type FanoutRow } from './fanout';
import { formatClock } from '../../state/format';
import type { Subscription } from './broadcastStore';
import { useThrottled } from '../../state/useThrottled';
import { REDRAW_MS } from './LiveTail';

const SHOWN = 25;

const CELL: Record<CellState, { text: string; className: string; words: string }> = {
  got: { text: '✓', className: 'ss-got', words: 'got it' },
  missed: { text: '✗', className: 'ss-missed', words: 'missed it' },
  'joined-later': { text: 'later', className: 'ss-late', words: 'joined later' },
  'not-covered': { text: '', className: '', words: '' },
};

export function FanoutView({ rows: live, subscriptions }: { rows: FanoutRow[]; subscriptions: Subscription[] }) {
  const rows = useThrottled(live, REDRAW_MS);
  const labels = subscriptionLabels(subscriptions);
  const columns = fanoutColumns(subscriptions).map((c) => ({ ...c, label: subscriberLabel(labels, c.sub, c.index) }));
  return (
    <section className="ss-fanout" aria-label="Fan-out">
      <h3>Fan-out</h3>
      <p className="ss-explain">
        A broadcast goes to <strong>every</strong> live subscriber: with N subscribers each message arrives N times, and a subscriber that
        joins late never sees what came before. Event streams are different: each entry is delivered to{' '}
        <strong>one instance per group</strong> (one-of-N), and what nobody has read yet waits in the stream.
      </p>
      {rows.length === 0 || columns.length === 0 ? (
        <p className="muted">
          Subscribe, then publish a message to see which subscriber gets it: with more subscribers, or a pattern that covers the same
          channel, each gets its own copy.
        </p>
      ) : (
        <table className="ss-table" aria-label="Fan-out per message">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Channel</th>
              <th scope="col">Payload</th>
              {columns.map((c) => (
                <th key={c.slot} scope="col" className="num ss-fanout-subscriber">
                  {c.label}
                </th>
              ))}
              <th scope="col" className="num">
                Got it
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN).map((r) => {
              const states = columns.map((c) => cellState(r, c.sub, c.index));
              const got = states.filter((x) => x === 'got').length;
              // Late joiners could not have got it, so they do not count against the message.
              const expected = states.filter((x) => x === 'got' || x === 'missed').length;
              const late = states.filter((x) => x === 'joined-later').length;
              return (
                <tr key={r.key} className={got < expected ? 'ss-partial' : undefined}>
                  <td className="mono">{formatClock(r.receivedAt)}</td>
                  <td className="mono">{r.channel}</td>
                  <td className="mono ss-fanout-payload">{r.payload.length > 60 ? `${r.payload.slice(0, 59)}…` : r.payload}</td>
                  {states.map((state, i) => (
                    <td
                      key={columns[i].slot}
                      className={`num ${CELL[state].className}`}
                      aria-label={state === 'not-covered' ? undefined : `${columns[i].label} ${CELL[state].words}`}
                    >
                      {CELL[state].text}
                    </td>
                  ))}
                  <td className="num">
                    {got} of {expected}
                    {late > 0 ? <span className="muted"> ({late} joined later)</span> : null}
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

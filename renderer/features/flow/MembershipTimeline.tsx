// Joins, leaves, crashes, stale and idle instances of the stream, and hosted instances' engine errors, newest first.
import type { MembershipEvent } from '../../../shared';

const time = (at: number) => new Date(at).toISOString().slice(11, 23);

export function MembershipTimeline({ events, dropped }: { events: MembershipEvent[]; dropped: number }) {
  return (
    <section className="ss-timeline" aria-label="Membership timeline">
      <h3>Membership timeline</h3>
      {events.length === 0 ? (
        <p className="muted">No joins or leaves yet. Join an instance or crash one to see it here.</p>
      ) : (
        <ol tabIndex={0} aria-label="Membership events">
          {events.map((e) => (
            <li key={`${e.at}|${e.group}|${e.instance}|${e.kind}`} className={`kind-${e.kind}`}>
              <time dateTime={new Date(e.at).toISOString()}>{time(e.at)}</time> <span className={`ss-kind ${e.kind}`}>{e.kind}</span>{' '}
              <span className="mono">
                {e.group}/{e.instance}
              </span>
              {e.detail ? <span className="muted"> — {e.detail}</span> : null}
            </li>
          ))}
        </ol>
      )}
      {dropped > 0 && <p className="muted">{dropped} older event(s) not kept.</p>}
    </section>
  );
}

// What happened to one entry, in order (produced, delivered to an instance, claimed by another,
// acked, dead-lettered, pruned), then where it stands in each group now (pending, not delivered
// yet, past the group's position, skipped). A time is shown only where one was recorded.
import type { JourneyStep, ReplyError } from '../../../shared';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatTime } from '../../state/format';

/** A group's state now, as opposed to an event in the entry's history. */
const STATE_KINDS: ReadonlySet<JourneyStep['kind']> = new Set(['pending', 'waiting', 'passed', 'skipped']);

const LABELS: Partial<Record<JourneyStep['kind'], string>> = {
  waiting: 'not delivered yet',
  passed: 'past the group’s position',
};

export function Journey({ id, steps, error }: { id: string; steps: JourneyStep[] | null; error: ReplyError | null }) {
  if (error) return <ErrorMessage error={error} context="Journey" />;
  if (!steps) return <p className="muted">Loading the journey…</p>;
  if (steps.length === 0) return <p className="muted">No journey recorded for this entry yet.</p>;
  const history = steps.filter((s) => !STATE_KINDS.has(s.kind));
  const now = steps.filter((s) => STATE_KINDS.has(s.kind));
  return (
    <>
      <ol className="journey" aria-label={`Journey of ${id}`}>
        {history.map((step, i) => (
          <Step key={i} step={step} />
        ))}
      </ol>
      {now.length > 0 && (
        <>
          <h4 className="journey-title">In each group now</h4>
          <ul className="journey" aria-label={`Where ${id} stands in each group`}>
            {now.map((step, i) => (
              <Step key={i} step={step} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function Step({ step }: { step: JourneyStep }) {
  return (
    <li className={`journey-step journey-${step.kind}`}>
      {step.at === null ? <span className="muted">time not recorded</span> : <span className="mono muted">{formatTime(step.at)}</span>}{' '}
      <strong>{LABELS[step.kind] ?? step.kind}</strong>
      {step.group ? (
        <>
          {' '}
          · group <code>{step.group}</code>
        </>
      ) : null}
      {step.instance ? (
        <>
          {' '}
          · instance <code>{step.instance}</code>
        </>
      ) : null}
      {step.detail ? <span className="muted"> · {step.detail}</span> : null}
    </li>
  );
}

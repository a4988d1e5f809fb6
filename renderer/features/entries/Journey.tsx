// What happened to one entry, in order: produced, delivered to an instance, claimed by another,
// acked, dead-lettered or pruned.
import type { JourneyStep, ReplyError } from '../../../shared';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatTime } from '../../state/format';

export function Journey({ id, steps, error }: { id: string; steps: JourneyStep[] | null; error: ReplyError | null }) {
  if (error) return <ErrorMessage error={error} context="Journey" />;
  if (!steps) return <p className="muted">Loading the journey…</p>;
  if (steps.length === 0) return <p className="muted">No journey recorded for this entry yet.</p>;
  return (
    <ol className="journey" aria-label={`Journey of ${id}`}>
      {steps.map((step, i) => (
        <li key={i} className={`journey-step journey-${step.kind}`}>
          <span className="mono muted">{formatTime(step.at)}</span> <strong>{step.kind}</strong>
          {step.group ? <> · group <code>{step.group}</code></> : null}
          {step.instance ? <> · instance <code>{step.instance}</code></> : null}
          {step.detail ? <span className="muted"> · {step.detail}</span> : null}
        </li>
      ))}
    </ol>
  );
}

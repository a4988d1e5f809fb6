import type { ReplyError } from '../../shared';
import { describeError } from '../state/errorText';

/** A contract error shown where the action was taken, as a sentence; the code stays in the tooltip for a bug report. */
export function ErrorMessage({ error, context }: { error: ReplyError | null | undefined; context?: string }) {
  if (!error) return null;
  return (
    <div className="error-message" role="alert" data-code={error.code} title={`${error.code}: ${error.message}`}>
      {context ? <strong>{context}: </strong> : null}
      {describeError(error)}
    </div>
  );
}

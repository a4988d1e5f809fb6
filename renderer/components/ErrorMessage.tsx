import type { ReplyError } from '../../shared';
import { describeError } from '../state/errorText';

/** A contract error shown where the action was taken, as a sentence; the code stays in the tooltip for a bug report. */
export function ErrorMessage({
  error,
  context,
  background = false,
}: {
  error: ReplyError | null | undefined;
  context?: string;
  /** A load nobody clicked for: "not connected" is then the connection banner's to announce, so it stays polite here. */
  background?: boolean;
}) {
  if (!error) return null;
  const role = background && error.code === 'not_connected' ? 'status' : 'alert';
  return (
    <div className="error-message" role={role} data-code={error.code} title={`${error.code}: ${error.message}`}>
      {context ? <strong>{context}: </strong> : null}
      {describeError(error)}
    </div>
  );
}

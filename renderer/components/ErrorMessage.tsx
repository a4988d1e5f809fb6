import type { ReplyError } from '../../shared';

/** A contract error shown where the action was taken: its code and Redis's/the console's words. */
export function ErrorMessage({ error, context }: { error: ReplyError | null | undefined; context?: string }) {
  if (!error) return null;
  return (
    <div className="error-message" role="alert">
      {context ? <strong>{context}: </strong> : null}
      <code>{error.code}</code> {error.message}
    </div>
  );
}

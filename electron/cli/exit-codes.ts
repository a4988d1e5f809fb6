// The command line's exit codes, one per kind of failure a script may want to tell apart
// (docs/cli.md lists them), and the contract error codes they come from.
import type { ErrorCode } from '../../shared/reply';

export const EXIT = {
  ok: 0,
  /** Anything else: a conflict, a failed job, a bug. */
  failed: 1,
  /** Bad command line: unknown command or option, a bad value (an id, a number, a time). */
  usage: 2,
  /** The stream, group or entry does not exist. */
  notFound: 3,
  /** Redis does not answer (or the connection was lost). */
  unreachable: 4,
  /** Redis refused a command (its own error text is printed). */
  redisError: 5,
  /** Input lines (import, publish --ndjson) that cannot be written; a dry run that found any. */
  badInput: 6,
  /** prune was not confirmed (answered no, or no terminal to ask on and no --yes). */
  notConfirmed: 7,
  /** Interrupted (Ctrl-C) before an export, import or publish finished. */
  interrupted: 130,
} as const;

export function exitFor(code: ErrorCode): number {
  switch (code) {
    case 'invalid_args':
    case 'unknown_method':
    case 'too_large':
      return EXIT.usage;
    case 'not_found':
      return EXIT.notFound;
    case 'not_connected':
      return EXIT.unreachable;
    case 'redis_error':
      return EXIT.redisError;
    default:
      return EXIT.failed;
  }
}

/** A failure the command line reports as one line on stderr and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

// Engine errors nobody listens to are not dropped: an `error` event without a listener goes to a
// reporter (by default console.warn with the stable prefix `[streamscope engine]`), at most once
// per kind (the error's context) per interval, with how many of that kind were held back since.
// setErrorReporter replaces the reporter for the whole process (null: silence).

/** What an engine `error` event carries (EngineEvents['error'], BroadcastEvents['error']). */
export interface EngineError {
  at: number;
  context: string;
  error: string;
  stream?: string;
  group?: string;
  instance?: string;
}

/** `suppressed`: errors of the same kind held back since the last report of that kind. */
export type ErrorReporter = (error: EngineError, suppressed: number) => void;

export const ERROR_PREFIX = '[streamscope engine]';

/** One line: prefix, kind, where, the error, and how many of the kind were held back. */
export function formatEngineError(e: EngineError, suppressed: number): string {
  const where = [e.stream && `stream ${e.stream}`, e.group && `group ${e.group}`, e.instance && `instance ${e.instance}`]
    .filter(Boolean)
    .join(', ');
  const held =
    suppressed > 0 ? ` (${suppressed} more ${JSON.stringify(e.context)} error${suppressed === 1 ? '' : 's'} since the last report)` : '';
  return `${ERROR_PREFIX} ${e.context} error${where ? ` (${where})` : ''}: ${e.error}${held}`;
}

export const consoleErrorReporter: ErrorReporter = (e, suppressed) => console.warn(formatEngineError(e, suppressed));

let reporter: ErrorReporter | null = consoleErrorReporter;

/** Replaces where unheard engine errors go (null silences them); returns the previous reporter. */
export function setErrorReporter(next: ErrorReporter | null): ErrorReporter | null {
  const previous = reporter;
  reporter = next;
  return previous;
}

/** Per kind: the first error of an interval is reported at once; the rest are counted and summed up at its end. */
export class UnheardErrors {
  private readonly kinds = new Map<string, { until: number; held: number; last: EngineError | null; timer: NodeJS.Timeout | null }>();

  constructor(readonly intervalMs = 60_000) {}

  report(e: EngineError): void {
    const now = Date.now();
    const kind = this.kinds.get(e.context);
    if (kind && now < kind.until) {
      kind.held++;
      kind.last = e;
      kind.timer ??= this.flushLater(e.context, kind.until - now);
      return;
    }
    this.kinds.set(e.context, { until: now + this.intervalMs, held: 0, last: null, timer: null });
    deliver(e, 0);
  }

  private flushLater(context: string, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const kind = this.kinds.get(context);
      if (!kind?.last) return;
      // The summary opens the next interval, so a steady stream of errors gives one line per interval.
      this.kinds.set(context, { until: Date.now() + this.intervalMs, held: 0, last: null, timer: null });
      deliver(kind.last, kind.held);
    }, ms);
    timer.unref();
    return timer;
  }
}

function deliver(e: EngineError, suppressed: number): void {
  try {
    reporter?.(e, suppressed);
  } catch {
    // A faulty reporter must not break the engine.
  }
}

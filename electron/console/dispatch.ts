// THE trust boundary: every call from a renderer, over any transport, comes through here. Unknown
// methods and invalid arguments are rejected before any Redis call; every failure becomes a Reply
// with a code, so nothing thrown ever reaches a transport. A value that could not travel to the
// page (not plain data, nested too deep, too large) becomes an error reply naming why, here, so
// every bridge answers the same and none is left without an answer.
import { isMethod } from '../../shared/api';
import { callWrites, readOnlyRefusal } from '../../shared/method-access';
import { ContractError, fail, ok, type Reply } from '../../shared/reply';
import { describeIssues, schemas, type MethodName } from '../../shared/schemas';
import { isMissingStreamOrGroup, redisErrorKind, redisErrorText } from '../engine/redis-errors';
import type { Caller } from './callers';
import type { Handlers } from './context';
import { REPLY_LIMITS, unsendable, type SendLimits } from './sendable';

export type Dispatch = (method: string, args: unknown) => Promise<Reply<unknown>>;
/** The dispatch behind every connection: the same, told whose call it is. */
export type CallerDispatch = (method: string, args: unknown, caller: Caller) => Promise<Reply<unknown>>;

export { describeIssues };

/** Turns anything a handler threw into an error reply; never throws itself. */
export function replyForError(error: unknown): Reply<never> {
  try {
    return describeError(error);
  } catch (failure) {
    // A thrown value whose own message or toString throws.
    return fail(
      'internal',
      `a handler failed, and what it threw cannot be described (${failure instanceof Error ? failure.message : typeof failure})`,
    );
  }
}

/** A thrown value that is not an Error, in a few words. */
function describeThrown(value: unknown): string {
  if (value === null || value === undefined || typeof value !== 'object') return `${typeof value} ${String(value).slice(0, 200)}`;
  try {
    return `object ${JSON.stringify(value).slice(0, 200)}`;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function describeError(error: unknown): Reply<never> {
  if (error instanceof ContractError) return fail(error.code, error.message);
  if (error instanceof Error) {
    const kind = redisErrorKind(error);
    if (error.name === 'ReplyError') {
      // A refused command inside MULTI surfaces as EXECABORT; the first queued error says why (e.g. NOPERM naming the key).
      const previous = (error as Error & { previousErrors?: Error[] }).previousErrors?.[0];
      if (kind === 'exec_abort' && previous) return replyForError(previous);
      // Well-known Redis refusals get the contract's specific codes; the message is Redis's own, then its kind in plain words.
      if (kind === 'busy_group') return fail('conflict', redisErrorText(error));
      if (isMissingStreamOrGroup(error)) return fail('not_found', redisErrorText(error));
      return fail('redis_error', redisErrorText(error));
    }
    if (kind === 'not_connected') return fail('not_connected', `Redis is not connected: ${error.message}`);
    // A Redis refusal that reached us wrapped (a cluster client that gave up following CLUSTERDOWN or MOVED).
    if (kind !== 'other') return fail('redis_error', redisErrorText(error));
    return fail('internal', error.message || error.name);
  }
  return fail('internal', `a handler threw something that is not an Error: ${describeThrown(error)}`);
}

/**
 * `readOnly` says whether the connection in use refuses writes; every write method (see
 * shared/method-access.ts) is then refused before its arguments are validated (a dry run, which
 * only reads, is let through).
 */
export function createDispatch(
  handlers: () => Handlers,
  limits: SendLimits = REPLY_LIMITS,
  readOnly: () => boolean = () => false,
): CallerDispatch {
  return async (method, args, caller) => {
    try {
      if (!isMethod(method)) {
        return fail(
          'unknown_method',
          `unknown method: ${typeof method === 'string' ? JSON.stringify(method.slice(0, 100)) : typeof method}`,
        );
      }
      if (readOnly() && callWrites(method, args)) return fail('read_only', readOnlyRefusal(method));
      const parsed = schemas[method].safeParse(args === undefined ? {} : args);
      if (!parsed.success) return fail('invalid_args', `${method}: ${describeIssues(parsed.error)}`);
      const handler = handlers()[method] as ((a: unknown, caller: Caller) => Promise<unknown>) | undefined;
      if (!handler) return fail('internal', `${method} is not implemented yet`);
      const value = await handler(parsed.data, caller);
      const problem = unsendable(value, limits);
      if (problem) return fail(problem.code, `${method}: the reply cannot be sent: ${problem.reason}`);
      return ok(value);
    } catch (error) {
      return replyForError(error);
    }
  };
}

export type { MethodName };

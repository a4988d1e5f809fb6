// The Join form's fields as typed (strings while typing) and the join.instance arguments made of them.
import type { JoinArgs } from './joinStore';

/** The group select's choice that asks for a new group's name. */
export const NEW_GROUP = '\u0000new';

export interface JoinForm {
  stream: string;
  /** An existing group of the stream, or NEW_GROUP with the name in newGroup. */
  group: string;
  newGroup: string;
  instance: string;
  mode: 'immediate' | 'batched';
  concurrency: string;
  maxLatencyMs: string;
  maxBatchSize: string;
  processingDelayMs: string;
  failurePercent: string;
  ackMode: 'auto' | 'never';
  from: '$' | '0';
  /** Optional: blank leaves the console's default. */
  claimIdleMs: string;
  maxDeliveries: string;
}

/** Number inputs stay strings while typing; an empty or non-numeric one becomes NaN so the schema names it. */
const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

export function toJoinArgs(f: JoinForm): JoinArgs {
  return {
    stream: f.stream.trim(),
    group: (f.group === NEW_GROUP ? f.newGroup : f.group).trim(),
    ...(f.instance.trim() ? { instance: f.instance.trim() } : {}),
    mode:
      f.mode === 'immediate'
        ? { kind: 'immediate', concurrency: num(f.concurrency) }
        : { kind: 'batched', maxLatencyMs: num(f.maxLatencyMs), maxBatchSize: num(f.maxBatchSize) },
    processingDelayMs: num(f.processingDelayMs),
    failureRate: num(f.failurePercent) / 100,
    ackMode: f.ackMode,
    from: f.from,
    ...(f.claimIdleMs.trim() ? { claimIdleMs: num(f.claimIdleMs) } : {}),
    ...(f.maxDeliveries.trim() ? { maxDeliveries: num(f.maxDeliveries) } : {}),
  };
}

export function newJoinForm(stream: string): JoinForm {
  return {
    stream,
    group: NEW_GROUP,
    newGroup: '',
    instance: '',
    mode: 'immediate',
    concurrency: '1',
    maxLatencyMs: '500',
    maxBatchSize: '100',
    processingDelayMs: '0',
    failurePercent: '0',
    ackMode: 'auto',
    from: '$',
    claimIdleMs: '',
    maxDeliveries: '',
  };
}

/** A setter for one field of the form. */
export type FormUpdate = <K extends keyof JoinForm>(field: K) => (value: JoinForm[K]) => void;

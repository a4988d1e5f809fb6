// Joining the console itself to a group as a hosted instance (instances.join).
import { createStore } from 'zustand/vanilla';
import { schemas, type ArgsIn, type Bridge, type HostedInstance, type ReplyError } from '../../../shared';

export type JoinArgs = ArgsIn<'instances.join'>;

export interface JoinState {
  submitting: boolean;
  /** What was wrong with the form or what the contract answered, in words. */
  error: ReplyError | null;
  joined: HostedInstance | null;
  join(args: JoinArgs): Promise<HostedInstance | null>;
}

/** Checks the form with the contract's own schema so the message names the field before any call. */
export function joinProblem(args: JoinArgs): string | null {
  const r = schemas['instances.join'].safeParse(args);
  if (r.success) return null;
  const issue = r.error.issues[0];
  return `${issue.path.join('.') || 'form'}: ${issue.message}`;
}

export function createJoinStore(bridge: Bridge) {
  return createStore<JoinState>()((set) => ({
    submitting: false,
    error: null,
    joined: null,
    async join(args) {
      const problem = joinProblem(args);
      if (problem) {
        set({ error: { code: 'invalid_args', message: problem } });
        return null;
      }
      set({ submitting: true, error: null });
      const r = await bridge.invoke('instances.join', args);
      if (!r.ok) {
        set({ submitting: false, error: r.error });
        return null;
      }
      set({ submitting: false, joined: r.value });
      return r.value;
    },
  }));
}

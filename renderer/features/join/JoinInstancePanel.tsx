// "Join as instance": the console becomes one more instance of a service (a consumer in the group),
// with the delivery mode, processing delay, failure rate and ack mode a developer wants to try.
import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { SUBSCRIPTION_DEFAULTS, type Bridge } from '../../../shared';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../state/format';
import { createJoinStore, type JoinArgs } from './joinStore';
import './join.css';

/** The group select's choice that asks for a new group's name. */
export const NEW_GROUP = '\u0000new';

interface Form {
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

export function toJoinArgs(f: Form): JoinArgs {
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

interface JoinInstancePanelProps {
  bridge: Bridge;
  stream?: string;
  onClose?: () => void;
  /** Inside a dialog that has its own title and Close: no heading or close button of its own. */
  embedded?: boolean;
}

export function JoinInstancePanel({ bridge, stream, onClose, embedded = false }: JoinInstancePanelProps) {
  const [store] = useState(() => createJoinStore(bridge));
  const s = useStore(store);
  const [f, setF] = useState<Form>({
    stream: stream ?? '',
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
  });
  const upd =
    <K extends keyof Form>(k: K) =>
    (v: Form[K]) =>
      setF((old) => ({ ...old, [k]: v }));
  const groups = useGroups(bridge, f.stream.trim(), s.joined); // a join may have made a new group
  // The first time the stream's groups are known, offer the first one rather than a new group.
  const [pickedGroup, setPickedGroup] = useState(false);
  const [offeredFrom, setOfferedFrom] = useState<string[] | null>(null);
  if (!pickedGroup && groups.length > 0 && offeredFrom !== groups) {
    setOfferedFrom(groups);
    setF((old) => (old.group === NEW_GROUP && old.newGroup === '' ? { ...old, group: groups[0] } : old));
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.join(toJoinArgs(f));
  };

  return (
    <section className={embedded ? 'ss-join embedded' : 'ss-join'} aria-label="Join as instance">
      {embedded ? null : (
        <header className="ss-toolbar">
          <h3>Join as instance</h3>
          {onClose && (
            <button type="button" onClick={onClose} aria-label="Close panel">
              ✕
            </button>
          )}
        </header>
      )}
      <form noValidate onSubmit={submit} className="ss-join-form" aria-label="Join instance form">
        <label>
          Stream <input value={f.stream} onChange={(e) => upd('stream')(e.target.value)} />
        </label>
        <label>
          Service (group)
          <select
            value={f.group}
            onChange={(e) => {
              setPickedGroup(true);
              upd('group')(e.target.value);
            }}
          >
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
            <option value={NEW_GROUP}>New group…</option>
          </select>
        </label>
        {f.group === NEW_GROUP ? (
          <label>
            New group name <input value={f.newGroup} onChange={(e) => upd('newGroup')(e.target.value)} placeholder="billing" />
          </label>
        ) : null}
        <label>
          Instance name <input value={f.instance} onChange={(e) => upd('instance')(e.target.value)} placeholder="generated if empty" />
        </label>
        <fieldset>
          <legend>Delivery mode</legend>
          <label>
            <input type="radio" name="mode" checked={f.mode === 'immediate'} onChange={() => upd('mode')('immediate')} /> Immediate
          </label>
          <label>
            <input type="radio" name="mode" checked={f.mode === 'batched'} onChange={() => upd('mode')('batched')} /> Batched
          </label>
          {f.mode === 'immediate' ? (
            <label>
              Concurrency <input type="number" min={1} value={f.concurrency} onChange={(e) => upd('concurrency')(e.target.value)} />
            </label>
          ) : (
            <>
              <label>
                Max latency (ms){' '}
                <input type="number" min={1} value={f.maxLatencyMs} onChange={(e) => upd('maxLatencyMs')(e.target.value)} />
              </label>
              <label>
                Max batch size <input type="number" min={1} value={f.maxBatchSize} onChange={(e) => upd('maxBatchSize')(e.target.value)} />
              </label>
            </>
          )}
        </fieldset>
        <label>
          Processing delay (ms){' '}
          <input type="number" min={0} value={f.processingDelayMs} onChange={(e) => upd('processingDelayMs')(e.target.value)} />
        </label>
        <label>
          Failure rate (%){' '}
          <input type="number" min={0} max={100} value={f.failurePercent} onChange={(e) => upd('failurePercent')(e.target.value)} />
        </label>
        <label>
          Ack mode
          <select value={f.ackMode} onChange={(e) => upd('ackMode')(e.target.value as Form['ackMode'])}>
            <option value="auto">auto — ack after processing</option>
            <option value="never">never — leave entries pending</option>
          </select>
        </label>
        <label>
          Start from
          <select value={f.from} onChange={(e) => upd('from')(e.target.value as Form['from'])}>
            <option value="$">$ — only new entries</option>
            <option value="0">0 — the whole stream</option>
          </select>
        </label>
        <label>
          Claim entries idle over (ms){' '}
          <input
            type="number"
            min={0}
            value={f.claimIdleMs}
            onChange={(e) => upd('claimIdleMs')(e.target.value)}
            placeholder={`${formatCount(SUBSCRIPTION_DEFAULTS.claimIdleMs)} ms (default)`}
          />
        </label>
        <label>
          Dead-letter after deliveries{' '}
          <input
            type="number"
            min={1}
            value={f.maxDeliveries}
            onChange={(e) => upd('maxDeliveries')(e.target.value)}
            placeholder={`${SUBSCRIPTION_DEFAULTS.maxDeliveries} (default)`}
          />
        </label>
        <div className="ss-join-actions">
          <button type="submit" className="primary" disabled={s.submitting}>
            Join
          </button>
        </div>
        <ErrorMessage error={s.error} context="Could not join" />
        {s.joined && !s.error && (
          <p role="status" className="ss-join-ok">
            Joined {s.joined.group} as {s.joined.instance} ({s.joined.mode.kind}).
          </p>
        )}
      </form>
    </section>
  );
}

/** The stream's consumer groups, to join one of them (or start a new one); [] while unknown. */
function useGroups(bridge: Bridge, stream: string, after: unknown): string[] {
  const [known, setKnown] = useState<{ stream: string; groups: string[] }>({ stream: '', groups: NO_GROUPS });
  useEffect(() => {
    if (!stream) return;
    let live = true;
    // A stream name being typed: ask once typing pauses.
    const timer = setTimeout(() => {
      void bridge
        .invoke('groups.list', { stream })
        .then((r) => live && setKnown({ stream, groups: r.ok ? r.value.map((g) => g.name) : NO_GROUPS }));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, stream, after]);
  return known.stream === stream ? known.groups : NO_GROUPS;
}

const NO_GROUPS: string[] = [];

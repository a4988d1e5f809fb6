// "Join as instance": the console becomes one more instance of a service (a consumer in the group),
// with the delivery mode, processing delay, failure rate and ack mode a developer wants to try.
import { useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../../../shared';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ConsumerSettings } from './ConsumerSettings';
import { newJoinForm, NEW_GROUP, toJoinArgs, type FormUpdate, type JoinForm } from './joinForm';
import { createJoinStore } from './joinStore';
import { useGroups } from './useGroups';
import '../../components/tables.css';
import './join.css';

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
  const [f, setF] = useState<JoinForm>(() => newJoinForm(stream ?? ''));
  const upd: FormUpdate = (k) => (v) => setF((old) => ({ ...old, [k]: v }));
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
        <ConsumerSettings form={f} onChange={upd} />
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

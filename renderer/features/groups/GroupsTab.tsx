// Groups of one stream: lag (Redis's, or counted by the console and marked) with the age of the
// oldest entry not yet delivered, pending, last-delivered, entries-read, consumers; create, delete
// and set position (both destructive ones ask first).
import { displayKeyName } from '../../../shared/key-name';
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { Bridge, GroupInfo, ReplyError } from '../../../shared';
import { keyName } from '../../../shared';
import { createGroupsStore } from './groupsStore';
import { PositionPicker, positionOf, positionProblem, type PositionValue } from './PositionPicker';
import { LagValue } from './LagValue';
import { GroupAlerts } from '../alerts';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import '../../components/tables.css';
import './groups.css';
import { WriteButton } from '../../components/WriteButton';
import { useConnectionSafety } from '../../state/connectionSafety';

export const GROUPS_REFRESH_MS = 2000;

const fmt = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US'));

export function GroupsTab({ bridge, stream, focusGroup }: { bridge: Bridge; stream: string; focusGroup?: string }) {
  const [store] = useState(() => createGroupsStore(bridge));
  const s = useStore(store);
  const [deleting, setDeleting] = useState<GroupInfo | null>(null);
  const { production } = useConnectionSafety();
  const [moving, setMoving] = useState<GroupInfo | null>(null);

  useEffect(() => {
    void store.getState().load(stream);
    // Lag and pending move on their own: keep them live instead of waiting for a click.
    const timer = setInterval(() => {
      if (!store.getState().loading) void store.getState().load(stream);
    }, GROUPS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [store, stream]);

  // A link to one group: its row is marked, and brought into view once per linked group, when it first shows.
  const focusRow = useRef<HTMLTableRowElement | null>(null);
  const focusShown = s.groups.some((g) => g.name === focusGroup);
  const broughtIntoView = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!focusShown || broughtIntoView.current === focusGroup) return;
    focusRow.current?.scrollIntoView({ block: 'nearest' });
    broughtIntoView.current = focusGroup;
  }, [focusShown, focusGroup]);

  return (
    <section className="ss-groups" aria-label="Consumer groups">
      <header className="ss-toolbar">
        <h2>Consumer groups</h2>
        <button type="button" onClick={() => void s.load(stream)} disabled={s.loading}>
          Refresh groups
        </button>
      </header>
      <GroupAlerts bridge={bridge} stream={stream} />
      <CreateGroupForm onCreate={(group, from) => s.create(stream, group, from)} />
      <ErrorMessage error={s.actionError} context="Group action failed" />
      <ErrorMessage error={s.loadError} context="Could not load groups" />
      {s.groups.length === 0 && !s.loading && !s.loadError ? (
        <EmptyState
          title={`No consumer groups on ${displayKeyName(stream)} yet. Create one above, or join an instance from the Instances tab.`}
        />
      ) : (
        <table className="ss-table" aria-label="Groups">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col" className="num">
                Lag
              </th>
              <th scope="col" className="num">
                Pending
              </th>
              <th scope="col">Last delivered</th>
              <th scope="col" className="num">
                Entries read
              </th>
              <th scope="col" className="num">
                Consumers
              </th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {s.groups.map((g) => (
              <tr
                key={g.name}
                ref={g.name === focusGroup ? focusRow : undefined}
                className={g.name === focusGroup ? 'ss-row-linked' : undefined}
                aria-current={g.name === focusGroup ? 'true' : undefined}
              >
                <th scope="row">{g.name}</th>
                <td className={`num${g.lag && g.lag > 0 ? ' ss-warn' : ''}`}>
                  <LagValue group={g} />
                </td>
                <td className="num">{fmt(g.pending)}</td>
                <td className="mono">{g.lastDeliveredId}</td>
                <td className="num">{fmt(g.entriesRead)}</td>
                <td className="num">{g.consumers}</td>
                <td>
                  <div className="ss-actions">
                    <WriteButton type="button" onClick={() => setMoving(g)} aria-label={`Set position of ${g.name}`}>
                      Set position
                    </WriteButton>
                    <WriteButton type="button" className="ss-danger" onClick={() => setDeleting(g)} aria-label={`Delete group ${g.name}`}>
                      Delete
                    </WriteButton>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete group ${deleting.name}?`}
          confirmLabel="Delete group"
          typeToConfirm={production ? displayKeyName(stream) : undefined}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const g = deleting;
            setDeleting(null);
            void s.remove(stream, g.name);
          }}
        >
          Its {deleting.consumers} consumer(s) and {deleting.pending} pending entries are dropped; the stream's entries stay.
        </ConfirmDialog>
      )}
      {moving && (
        <SetPositionDialog
          group={moving}
          onCancel={() => setMoving(null)}
          onConfirm={(id) => {
            const g = moving;
            setMoving(null);
            void s.setPosition(stream, g.name, id);
          }}
        />
      )}
    </section>
  );
}

function CreateGroupForm({ onCreate }: { onCreate: (group: string, from: string) => Promise<boolean> }) {
  const [name, setName] = useState('');
  const [pos, setPos] = useState<PositionValue>({ choice: '$', id: '' });
  const [problem, setProblem] = useState<ReplyError | null>(null);
  return (
    <form
      noValidate
      className="ss-form-row"
      aria-label="Create group"
      onSubmit={(e) => {
        e.preventDefault();
        const n = keyName.safeParse(name);
        const p = n.success ? positionProblem(pos) : `Group name ${n.error.issues[0]?.message ?? 'is invalid'}`;
        setProblem(p ? { code: 'invalid_args', message: p } : null);
        if (p) return;
        void onCreate(name, positionOf(pos)).then((created) => created && setName(''));
      }}
    >
      <label>
        Group name <input value={name} onChange={(e) => setName(e.target.value)} placeholder="my-service" />
      </label>
      <PositionPicker label="Start from" value={pos} onChange={setPos} />
      <WriteButton type="submit">Create group</WriteButton>
      <ErrorMessage error={problem} />
    </form>
  );
}

function SetPositionDialog({ group, onCancel, onConfirm }: { group: GroupInfo; onCancel: () => void; onConfirm: (id: string) => void }) {
  const [pos, setPos] = useState<PositionValue>({ choice: '$', id: '' });
  const problem = positionProblem(pos);
  return (
    <ConfirmDialog
      title={`Set position of ${group.name}`}
      confirmLabel="Move group"
      onCancel={onCancel}
      onConfirm={() => !problem && onConfirm(positionOf(pos))}
      busy={problem !== null}
    >
      <p>
        Now at <code>{group.lastDeliveredId}</code>. Moving it changes which entries the group reads next: entries before the new position
        are skipped, entries after it are delivered again.
      </p>
      <PositionPicker label="New position" value={pos} onChange={setPos} />
      {pos.choice === 'id' && pos.id !== '' && problem && <ErrorMessage error={{ code: 'invalid_args', message: problem }} />}
    </ConfirmDialog>
  );
}

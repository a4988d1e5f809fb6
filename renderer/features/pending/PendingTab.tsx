// Pending: per group and consumer, multi-select ACK (confirmed) / claim / auto-claim, delivery counts,
// poison entries highlighted, entries deleted from the stream marked and acked together (confirmed);
// then the dead letters with replay.
import { displayKeyName } from '../../../shared/key-name';
import { plural } from '../../../shared/human';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../../../shared';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { createPendingStore, defaultClaimTarget, type PendingState } from './pendingStore';
import { PendingTable } from './PendingTable';
import { DeadLetters } from './DeadLetters';
import '../../components/tables.css';
import './pending.css';
import { WriteButton } from '../../components/WriteButton';
import { useConnectionSafety } from '../../state/connectionSafety';

export const AUTO_REFRESH_MS = 2000;

export function PendingTab({ bridge, stream }: { bridge: Bridge; stream: string }) {
  const { production } = useConnectionSafety();
  const [confirmReplay, setConfirmReplay] = useState(false);
  const [store] = useState(() => createPendingStore(bridge));
  const s = useStore(store);
  const [confirmAck, setConfirmAck] = useState(false);
  const [confirmAckDeleted, setConfirmAckDeleted] = useState(false);

  const [autoRefresh, setAutoRefresh] = useState(true);
  useEffect(() => {
    void store.getState().open(stream);
  }, [store, stream]);
  // Pending changes on its own (deliveries, acks, claims by survivors): follow it unless told not to.
  useEffect(() => {
    if (!autoRefresh) return;
    const timer = setInterval(() => {
      if (!store.getState().loading) void store.getState().reload();
    }, AUTO_REFRESH_MS);
    return () => clearInterval(timer);
  }, [store, autoRefresh]);

  const entries = s.page?.entries ?? [];
  return (
    <section className="ss-pending" aria-label="Pending entries and dead letters">
      <ErrorMessage error={s.loadError} context="Could not load pending entries" />
      {s.groups.length === 0 && !s.loadError ? (
        <EmptyState
          title={`No groups on ${displayKeyName(stream)}, so nothing can be pending. Create a group or join an instance first.`}
        />
      ) : (
        <>
          <Filters s={s} autoRefresh={autoRefresh} onAutoRefresh={setAutoRefresh} />
          {s.page && <Summary s={s} />}
          <BulkBar s={s} onAck={() => setConfirmAck(true)} onAckDeleted={() => setConfirmAckDeleted(true)} />
          <ErrorMessage error={s.actionError} context="Bulk action failed" />
          {s.notice && (
            <p role="status" className="ss-notice">
              {s.notice}
            </p>
          )}
          {s.page && entries.length === 0 ? (
            <p className="muted">Nothing pending{s.consumer ? ` for ${s.consumer}` : ''}: every delivered entry was acknowledged.</p>
          ) : (
            <PendingTable entries={entries} selected={s.selected} onToggle={(id) => s.toggle(id)} onSelectAll={(on) => s.selectAll(on)} />
          )}
          {s.page?.next && (
            <button type="button" onClick={() => void s.loadMore()}>
              Load more pending
            </button>
          )}
        </>
      )}
      <DeadLetters
        entries={s.deadLetters}
        total={s.deadLetterTotal}
        selected={s.deadSelected}
        error={s.deadError}
        notice={s.deadNotice}
        onToggle={(id) => s.toggleDead(id)}
        onSelectAll={(on) => s.selectAllDead(on)}
        onReplay={() => setConfirmReplay(true)}
        onRefresh={() => void s.loadDeadLetters()}
      />
      {confirmAckDeleted && s.page?.deleted && (
        <ConfirmDialog
          title={`Acknowledge ${deletedText(s.page.deleted)} pending entries whose entry was deleted?`}
          confirmLabel="Acknowledge deleted"
          typeToConfirm={production ? displayKeyName(stream) : undefined}
          onCancel={() => setConfirmAckDeleted(false)}
          onConfirm={() => {
            setConfirmAckDeleted(false);
            void s.ackDeleted();
          }}
        >
          Their entries are no longer in the stream (deleted or trimmed), so no instance can ever process them. Acknowledging removes their
          ids from group {s.group}'s pending list{s.consumer ? ` (consumer ${s.consumer})` : ''}; pending entries whose entry still exists
          are not touched.
        </ConfirmDialog>
      )}
      {confirmReplay && (
        <ConfirmDialog
          title={`Replay ${plural(s.deadSelected.size, 'dead letter')} onto ${displayKeyName(stream)}?`}
          confirmLabel="Replay"
          typeToConfirm={production ? displayKeyName(stream) : undefined}
          onCancel={() => setConfirmReplay(false)}
          onConfirm={() => {
            setConfirmReplay(false);
            void s.replay();
          }}
        >
          They are added to the stream again as new entries, so every group on it receives them once more.
        </ConfirmDialog>
      )}
      {confirmAck && (
        <ConfirmDialog
          title={`Acknowledge ${plural(s.selected.size, 'pending entry', 'pending entries')}?`}
          confirmLabel="Acknowledge"
          typeToConfirm={production ? displayKeyName(stream) : undefined}
          onCancel={() => setConfirmAck(false)}
          onConfirm={() => {
            setConfirmAck(false);
            void s.ack();
          }}
        >
          They leave group {s.group}'s pending list for good and will not be redelivered, even if no instance processed them.
        </ConfirmDialog>
      )}
    </section>
  );
}

function Filters({ s, autoRefresh, onAutoRefresh }: { s: PendingState; autoRefresh: boolean; onAutoRefresh: (on: boolean) => void }) {
  const [threshold, setThreshold] = useState(String(s.poisonThreshold));
  return (
    <div className="ss-form-row" role="group" aria-label="Pending filters">
      <label>
        Group
        <select value={s.group ?? ''} onChange={(e) => void s.chooseGroup(e.target.value)}>
          {s.groups.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </label>
      <label>
        Consumer
        <select value={s.consumer} onChange={(e) => void s.chooseConsumer(e.target.value)}>
          <option value="">all consumers</option>
          {s.consumers.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Poison at deliveries ≥
        <input
          type="number"
          min={1}
          className="ss-narrow"
          value={threshold}
          onChange={(e) => {
            // Keep what is typed (even empty) and apply it once it is a valid count.
            setThreshold(e.target.value);
            const n = Number(e.target.value);
            if (e.target.value !== '' && Number.isInteger(n) && n >= 1) void s.setPoisonThreshold(n);
          }}
        />
      </label>
      <button type="button" onClick={() => void s.reload()} disabled={s.loading}>
        Refresh pending
      </button>
      <label>
        <input type="checkbox" checked={autoRefresh} onChange={(e) => onAutoRefresh(e.target.checked)} /> Auto-refresh
      </label>
    </div>
  );
}

function Summary({ s }: { s: PendingState }) {
  const p = s.page!;
  return (
    <p className="ss-pending-summary">
      <strong>{p.total.toLocaleString('en-US')}</strong> pending in {s.group}
      {p.minId && (
        <>
          {' '}
          from <code>{p.minId}</code> to <code>{p.maxId}</code>
        </>
      )}
      {p.perConsumer.length > 0 && <span className="muted"> · {p.perConsumer.map((c) => `${c.consumer}: ${c.count}`).join(' · ')}</span>}
      {p.deleted && p.deleted.count > 0 && (
        <span className="ss-warn">
          {' '}
          · {deletedText(p.deleted)} with their entry deleted{s.consumer ? ` (${s.consumer})` : ''}
          {!p.deleted.complete && ` (checked the first ${p.deleted.scanned.toLocaleString('en-US')})`}
        </span>
      )}
    </p>
  );
}

/** "2", or "at least 2" when only part of the pending list was checked. */
const deletedText = (d: { count: number; complete: boolean }) => `${d.complete ? '' : 'at least '}${d.count.toLocaleString('en-US')}`;

function BulkBar({ s, onAck, onAckDeleted }: { s: PendingState; onAck: () => void; onAckDeleted: () => void }) {
  const [target, setTarget] = useState('');
  const [minIdle, setMinIdle] = useState('0');
  const to = target && s.consumers.some((c) => c.name === target) ? target : defaultClaimTarget(s.consumers, s.consumer);
  const idle = Math.max(0, Math.floor(Number(minIdle) || 0));
  const n = s.selected.size;
  return (
    <div className="ss-form-row ss-bulk" role="group" aria-label="Bulk actions">
      <span className="muted">{n} selected</span>
      <WriteButton type="button" className="ss-danger" disabled={n === 0} onClick={onAck}>
        ACK selected
      </WriteButton>
      <label>
        Claim to
        <select value={to} onChange={(e) => setTarget(e.target.value)}>
          {s.consumers.map((c) => (
            <option key={c.name} value={c.name}>
              {c.presence === 'live' ? c.name : `${c.name} (${c.presence})`}
            </option>
          ))}
        </select>
      </label>
      <label>
        Min idle (ms)
        <input type="number" min={0} className="ss-narrow" value={minIdle} onChange={(e) => setMinIdle(e.target.value)} />
      </label>
      <WriteButton type="button" disabled={n === 0 || !to} onClick={() => void s.claim(to, idle)}>
        Claim selected
      </WriteButton>
      <WriteButton type="button" disabled={!to} onClick={() => void s.autoClaim(to, idle)}>
        Auto-claim idle
      </WriteButton>
      {s.page?.deleted && s.page.deleted.count > 0 && (
        <WriteButton type="button" className="ss-danger" onClick={onAckDeleted}>
          Ack all {deletedText(s.page.deleted)} deleted
        </WriteButton>
      )}
    </div>
  );
}

// Entries of one stream: the filter scan and schema, the controls (EntriesToolbar.tsx: filter,
// decoder, seek, live tail), the status and newer-entries banner (EntriesStatus.tsx), the
// virtualized table (with a column per shared field name) and the selected entry's detail.
import { displayKeyName } from '../../../shared/key-name';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../../../shared';
import { createEntriesStore, rowAt, type EntriesStore } from './store/entriesStore';
import { useThrottled } from '../../state/useThrottled';
import { formatCount } from '../../state/format';
import { fieldColumns } from '../../state/fieldColumns';
import { usePageVisible } from '../../state/usePageVisible';
import { ErrorMessage } from '../../components/ErrorMessage';
import { EmptyState } from '../../components/EmptyState';
import { EntriesTable } from './EntriesTable';
import { FilterScan } from './FilterScan';
import { EntriesToolbar } from './EntriesToolbar';
import { EntriesStatus } from './EntriesStatus';
import { SchemaEditor } from './SchemaEditor';
import { EntryDetail } from './EntryDetail';
import './entries.css';

/** How often the table repaints while live entries stream in. */
export const LIVE_REPAINT_MS = 250;
/** How often a list that is not tailing asks whether newer entries arrived. */
export const NEWER_POLL_MS = 5000;

interface EntriesTabProps {
  bridge: Bridge;
  stream: string;
  store?: EntriesStore;
  /** Offered by the empty state: open the publish dialog for this stream. */
  onPublish?: () => void;
  /** Open at this entry id (a deep link), selected, instead of at the newest entries. */
  initialEntry?: string;
  /** Told whenever the selected entry changes (null: none). */
  onSelectEntry?: (id: string | null) => void;
}

export function EntriesTab({ bridge, stream, store: given, onPublish, initialEntry, onSelectEntry }: EntriesTabProps) {
  const [store] = useState(() => given ?? createEntriesStore(bridge, stream));
  const s = useStore(store);
  const [seekProblem, setSeekProblem] = useState<string | null>(null);
  const [topKey, setTopKey] = useState(0);
  // Every new position starts at its newest row.
  const moved = () => setTopKey((k) => k + 1);

  const [openAt] = useState(initialEntry);
  useEffect(() => {
    if (openAt) void store.getState().seekTo({ kind: 'id', id: openAt });
    else void store.getState().reload();
    return () => void store.getState().dispose();
  }, [store, openAt]);
  const onSelectRef = useRef(onSelectEntry);
  useEffect(() => {
    onSelectRef.current = onSelectEntry;
  });
  useEffect(() => {
    onSelectRef.current?.(s.selectedId);
  }, [s.selectedId]);

  const visible = usePageVisible();
  useEffect(() => {
    if (s.tailId || !visible) return;
    const timer = setInterval(() => void store.getState().checkNewer(), NEWER_POLL_MS);
    return () => clearInterval(timer);
  }, [store, s.tailId, visible]);

  const loadOlder = useCallback(() => void store.getState().loadOlder(), [store]);
  // While tailing, the table samples the store a few times a second (nobody reads 5,000 rows/s)
  // and renders at a lower priority than typing and clicking, so a fast tail cannot make the
  // controls lag. Rows and count always come from the same snapshot.
  const snapshot = useMemo(() => ({ live: s.live, loaded: s.loaded }), [s.live, s.loaded]);
  const shown = useDeferredValue(useThrottled(snapshot, s.tailId ? LIVE_REPAINT_MS : 0));
  const row = useCallback((i: number) => rowAt(shown, i), [shown]);
  const count = shown.live.length + shown.loaded.length;
  // The newest rows decide (fieldColumns samples the first few hundred): live on top of loaded.
  const columns = useMemo(
    () => fieldColumns(shown.live.length > 0 ? shown.live.slice(0, 500).concat(shown.loaded.slice(0, 500)) : shown.loaded),
    [shown],
  );
  const selected = s.selectedId ? (s.live.find((e) => e.id === s.selectedId) ?? s.loaded.find((e) => e.id === s.selectedId)) : undefined;

  return (
    <section className="entries" aria-label={`Entries of ${displayKeyName(stream)}`}>
      <FilterScan bridge={bridge} stream={stream} />
      <SchemaEditor bridge={bridge} stream={stream} onSaved={() => void s.setDecoder('saved')} />
      <EntriesToolbar store={store} bridge={bridge} stream={stream} onMove={moved} onProblem={setSeekProblem} />
      {seekProblem ? (
        <p className="field-problem" role="alert">
          {seekProblem}
        </p>
      ) : null}
      <ErrorMessage error={s.error} context="Loading entries" />
      <ErrorMessage error={s.tailError} context="Live tail" />

      <EntriesStatus
        state={s}
        shownCount={count}
        onLoadOlder={loadOlder}
        onLatest={() => {
          moved();
          void s.seekTo({ kind: 'latest' });
        }}
      />

      <div className={selected ? 'entries-body with-detail' : 'entries-body'}>
        {count === 0 && !s.loading && !s.error ? (
          <EmptyState
            title={
              s.filter
                ? `No entry matches “${s.filter}” in the ${formatCount(s.scanned)} entries scanned.`
                : s.seek.kind === 'latest'
                  ? 'This stream has no entries yet: publish a message to it, or turn on the live tail and wait for one.'
                  : 'No entries around this position.'
            }
          >
            {onPublish && !s.filter && s.seek.kind === 'latest' ? (
              <button type="button" className="primary" onClick={onPublish}>
                Publish a message
              </button>
            ) : null}
          </EmptyState>
        ) : (
          <EntriesTable
            count={count}
            liveCount={shown.live.length}
            rowAt={row}
            selectedId={s.selectedId}
            onSelect={s.select}
            onNearEnd={loadOlder}
            topKey={`${topKey}:${s.jumpKey}`}
            topIndex={s.anchorIndex}
            columns={columns}
          />
        )}
        {selected ? (
          <EntryDetail
            bridge={bridge}
            stream={stream}
            entry={selected}
            republishing={s.republishing}
            republished={s.republished}
            republishError={s.republishError}
            onRepublish={s.republish}
            journey={s.journey}
            onJourney={(id) => void s.loadJourney(id)}
            onClose={() => s.select(null)}
          />
        ) : null}
      </div>
    </section>
  );
}

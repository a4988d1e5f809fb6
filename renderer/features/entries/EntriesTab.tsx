// Entries of one stream: filter (server-side), seek by id or time (the list opens around that
// point), live tail, how many newer entries the list does not show yet, the virtualized table
// (with a column per shared field name) and the selected entry's detail.
import { displayKeyName } from '../../../shared/key-name';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { entryId, type Bridge } from '../../../shared';
import { createEntriesStore, MAX_LOADED, rowAt, type EntriesStore, type Seek } from '../../state/entriesStore';
import { firstProblem } from '../../state/validate';
import { useThrottled } from '../../state/useThrottled';
import { parseTime } from '../../state/parseTime';
import { formatCount, formatTime } from '../../state/format';
import { fieldColumns } from '../../state/fieldColumns';
import { usePageVisible } from '../../state/usePageVisible';
import { ErrorMessage } from '../../components/ErrorMessage';
import { EmptyState } from '../../components/EmptyState';
import { EntriesTable } from './EntriesTable';
import { FilterScan } from './FilterScan';
import { DecoderChoice } from './DecoderChoice';
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
  const [filterText, setFilterText] = useState('');
  const [seekId, setSeekId] = useState('');
  const [seekTime, setSeekTime] = useState('');
  const [seekProblem, setSeekProblem] = useState<string | null>(null);
  const [topKey, setTopKey] = useState(0);
  // Every new position starts at its newest row.
  const seekTo = (seek: Seek) => {
    setTopKey((k) => k + 1);
    void s.seekTo(seek);
  };
  const toggleTail = () => {
    if (s.tailId) return void s.stopTail();
    setTopKey((k) => k + 1);
    void s.startTail();
  };

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

  const goToId = (e: React.FormEvent) => {
    e.preventDefault();
    const problem = firstProblem(entryId, seekId.trim());
    setSeekProblem(problem ? `Seek id ${problem}` : null);
    if (!problem) seekTo({ kind: 'id', id: seekId.trim() });
  };
  const goToTime = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = parseTime(seekTime);
    setSeekProblem('problem' in parsed ? `Seek time: ${parsed.problem}` : null);
    if ('ms' in parsed) seekTo({ kind: 'time', ms: parsed.ms });
  };

  return (
    <section className="entries" aria-label={`Entries of ${displayKeyName(stream)}`}>
      <FilterScan bridge={bridge} stream={stream} />
      <SchemaEditor bridge={bridge} stream={stream} onSaved={() => void s.setDecoder('saved')} />
      <div className="entries-toolbar">
        <form
          className="toolbar"
          aria-label="Filter entries"
          onSubmit={(e) => {
            e.preventDefault();
            setTopKey((k) => k + 1);
            void s.setFilter(filterText);
          }}
        >
          <input
            aria-label="Filter text"
            type="search"
            placeholder="Filter (server-side, case-insensitive)"
            value={filterText}
            onChange={(e) => setFilterText(e.target.value)}
          />
          <button type="submit">Apply filter</button>
          {s.filter ? (
            <button
              type="button"
              onClick={() => {
                setFilterText('');
                void s.setFilter('');
              }}
            >
              Clear filter
            </button>
          ) : null}
        </form>
        <DecoderChoice bridge={bridge} stream={stream} decoder={s.decoder} onChange={(d) => void s.setDecoder(d)} />
        <form className="toolbar" aria-label="Seek by id" onSubmit={goToId}>
          <input
            aria-label="Seek to id"
            className="mono"
            placeholder="1700000000000-0"
            value={seekId}
            onChange={(e) => setSeekId(e.target.value)}
          />
          <button type="submit">Go to id</button>
        </form>
        <form className="toolbar" aria-label="Seek by time" onSubmit={goToTime}>
          <input
            aria-label="Seek to time"
            placeholder="2026-11-27 10:15 or epoch ms"
            value={seekTime}
            onChange={(e) => setSeekTime(e.target.value)}
          />
          <button type="submit">Go to time</button>
        </form>
        <button type="button" onClick={() => seekTo({ kind: 'latest' })}>
          Latest
        </button>
        <button type="button" className={s.tailId ? 'toggle on' : 'toggle'} aria-pressed={s.tailId !== null} onClick={toggleTail}>
          Live tail
        </button>
      </div>
      {seekProblem ? (
        <p className="field-problem" role="alert">
          {seekProblem}
        </p>
      ) : null}
      <ErrorMessage error={s.error} context="Loading entries" />
      <ErrorMessage error={s.tailError} context="Live tail" />

      <p className="entries-status muted">
        {formatCount(s.live.length + s.loaded.length)} entries loaded
        {s.seek.kind === 'id' ? ` around ${s.seek.id}` : s.seek.kind === 'time' ? ` around ${formatTime(s.seek.ms)}` : ''}
        {s.filter ? ` matching “${s.filter}” (${formatCount(s.scanned)} scanned)` : ''}
        {s.tailId ? ` · live +${formatCount(s.live.length)}` : ''}
        {s.liveDropped > 0 ? ` (${formatCount(s.liveDropped)} older live entries dropped from view)` : ''}
        {s.liveMissed > 0
          ? ` · ${formatCount(s.liveMissed)} live entries missed while this page was behind (still in the stream: seek to see them)`
          : ''}
        {s.loading ? ' · loading…' : s.next === null && count > 0 ? ' · start of stream reached' : ''}
        {s.loaded.length >= MAX_LOADED ? ' · load limit reached: seek by id or time to go further back' : ''}
        {s.next !== null && !s.loading && s.loaded.length < MAX_LOADED ? (
          <>
            {' · '}
            <button type="button" className="link" onClick={loadOlder}>
              {s.filter ? 'Scan further back' : 'Load older entries'}
            </button>
          </>
        ) : null}
      </p>

      {!s.tailId && s.newer && s.newer.count > 0 ? (
        <p className="entries-newer" role="status">
          {formatCount(s.newer.count)}
          {s.newer.atLeast ? '+' : ''} newer entr{s.newer.count === 1 && !s.newer.atLeast ? 'y' : 'ies'} in the stream
          {s.filter ? ' (before the filter)' : ''}
          {' — '}
          <button type="button" className="link" disabled={s.loadingNewer} onClick={() => void s.showNewer()}>
            {s.loadingNewer ? 'loading…' : 'show'}
          </button>
          {s.newer.count > 100 || s.newer.atLeast ? (
            <>
              {' · '}
              <button type="button" className="link" onClick={() => seekTo({ kind: 'latest' })}>
                jump to latest
              </button>
            </>
          ) : null}
        </p>
      ) : null}

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

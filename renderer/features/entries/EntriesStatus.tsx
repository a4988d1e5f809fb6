// The Entries view's status: how many entries are loaded and around which point, what the filter
// scanned, the live tail's counts (dropped from view, missed while behind), loading and the load
// limit, "load older"; and the banner of newer entries the list does not show yet.
import { formatCount, formatTime } from '../../state/format';
import { MAX_LOADED, type EntriesState } from './store/entriesStore';

interface EntriesStatusProps {
  state: EntriesState;
  /** Rows the table shows now (it samples the store while tailing). */
  shownCount: number;
  onLoadOlder: () => void;
  onLatest: () => void;
}

export function EntriesStatus({ state: s, shownCount, onLoadOlder, onLatest }: EntriesStatusProps) {
  return (
    <>
      <p className="entries-status muted">
        {formatCount(s.live.length + s.loaded.length)} entries loaded
        {s.seek.kind === 'id' ? ` around ${s.seek.id}` : s.seek.kind === 'time' ? ` around ${formatTime(s.seek.ms)}` : ''}
        {s.filter ? ` matching “${s.filter}” (${formatCount(s.scanned)} scanned)` : ''}
        {s.tailId ? ` · live +${formatCount(s.live.length)}` : ''}
        {s.liveDropped > 0 ? ` (${formatCount(s.liveDropped)} older live entries dropped from view)` : ''}
        {s.liveMissed > 0
          ? ` · ${formatCount(s.liveMissed)} live entries missed while this page was behind (still in the stream: seek to see them)`
          : ''}
        {s.loading ? ' · loading…' : s.next === null && shownCount > 0 ? ' · start of stream reached' : ''}
        {s.loaded.length >= MAX_LOADED ? ' · load limit reached: seek by id or time to go further back' : ''}
        {s.next !== null && !s.loading && s.loaded.length < MAX_LOADED ? (
          <>
            {' · '}
            <button type="button" className="link" onClick={onLoadOlder}>
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
              <button type="button" className="link" onClick={onLatest}>
                jump to latest
              </button>
            </>
          ) : null}
        </p>
      ) : null}
    </>
  );
}

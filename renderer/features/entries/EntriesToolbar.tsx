// The Entries view's controls: the server-side text filter, the decoder, seek by id or time, back
// to the latest entries, and the live tail. Every move to a new position opens it at its newest row
// (`onMove`); a seek that does not parse is named (`onProblem`) instead of sent.
import { useState } from 'react';
import { useStore } from 'zustand';
import { entryId, type Bridge } from '../../../shared';
import { parseTime } from '../../state/parseTime';
import { firstProblem } from '../../state/validate';
import { DecoderChoice } from './DecoderChoice';
import type { EntriesStore, Seek } from './store/entriesStore';

interface EntriesToolbarProps {
  store: EntriesStore;
  bridge: Bridge;
  stream: string;
  onMove: () => void;
  onProblem: (problem: string | null) => void;
}

export function EntriesToolbar({ store, bridge, stream, onMove, onProblem }: EntriesToolbarProps) {
  const s = useStore(store);
  const [filterText, setFilterText] = useState('');
  const [seekId, setSeekId] = useState('');
  const [seekTime, setSeekTime] = useState('');

  const seekTo = (seek: Seek) => {
    onMove();
    void s.seekTo(seek);
  };
  const toggleTail = () => {
    if (s.tailId) return void s.stopTail();
    onMove();
    void s.startTail();
  };
  const goToId = (e: React.FormEvent) => {
    e.preventDefault();
    const problem = firstProblem(entryId, seekId.trim());
    onProblem(problem ? `Seek id ${problem}` : null);
    if (!problem) seekTo({ kind: 'id', id: seekId.trim() });
  };
  const goToTime = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = parseTime(seekTime);
    onProblem('problem' in parsed ? `Seek time: ${parsed.problem}` : null);
    if ('ms' in parsed) seekTo({ kind: 'time', ms: parsed.ms });
  };

  return (
    <div className="entries-toolbar">
      <form
        className="toolbar"
        aria-label="Filter entries"
        onSubmit={(e) => {
          e.preventDefault();
          onMove();
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
  );
}

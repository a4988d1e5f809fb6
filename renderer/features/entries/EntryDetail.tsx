// The selected entry: its JSON (or raw fields), copy buttons and re-publish.
import { useState } from 'react';
import type { JourneyStep, ReplyError, StreamEntry } from '../../../shared';
import { entryJson } from '../../state/entryText';
import { formatTime } from '../../state/format';
import { RepublishDialog } from './RepublishDialog';
import { Journey } from './Journey';

interface EntryDetailProps {
  stream: string;
  entry: StreamEntry;
  republishing: boolean;
  republished: { from: string; id: string; toStream: string } | null;
  republishError: ReplyError | null;
  onRepublish: (id: string, toStream: string) => Promise<boolean>;
  journey: { id: string; steps: JourneyStep[] | null; error: ReplyError | null } | null;
  onJourney: (id: string) => void;
  onClose: () => void;
}

async function copyText(text: string): Promise<string> {
  try {
    if (!navigator.clipboard) return 'Copy failed: the clipboard is not available here';
    await navigator.clipboard.writeText(text);
    return 'Copied';
  } catch (e) {
    return `Copy failed: ${(e as Error).message}`;
  }
}

export function EntryDetail({ stream, entry, republishing, republished, republishError, onRepublish, journey, onJourney, onClose }: EntryDetailProps) {
  const [copyStatus, setCopyStatus] = useState('');
  const [confirming, setConfirming] = useState(false);
  const json = entryJson(entry);

  return (
    <aside className="entry-detail" aria-label={`Entry ${entry.id}`}>
      <header className="entry-detail-head">
        <h3>
          Entry <code>{entry.id}</code>
        </h3>
        <button type="button" aria-label="Close entry" onClick={onClose}>
          ×
        </button>
      </header>
      <p className="muted">
        {formatTime(entry.timestamp)} · {entry.format}
        {entry.format === 'sentinel' ? ' (UCloud stream-init marker: readers skip it)' : ''}
      </p>
      {entry.format === 'raw' || entry.format === 'sentinel' ? (
        <table className="grid" aria-label="Fields">
          <tbody>
            {entry.fields.map(([k, v], i) => (
              <tr key={i}>
                <th scope="row" className="mono">{k}</th>
                <td className="mono">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <pre className="entry-json" aria-label="Entry JSON" tabIndex={0}>
        {json}
      </pre>
      <div className="toolbar">
        <button type="button" onClick={async () => setCopyStatus(await copyText(json))}>
          Copy JSON
        </button>
        <button type="button" onClick={async () => setCopyStatus(await copyText(entry.id))}>
          Copy id
        </button>
        <button type="button" onClick={() => setConfirming(true)}>
          Re-publish…
        </button>
        <button type="button" onClick={() => onJourney(entry.id)}>
          Journey
        </button>
        <span role="status" className="muted">
          {copyStatus}
        </span>
      </div>
      {republished && republished.from === entry.id ? (
        <p role="status" className="ok-text">
          Re-published to <code>{republished.toStream}</code> as <code>{republished.id}</code>
        </p>
      ) : null}
      {journey && journey.id === entry.id ? <Journey steps={journey.steps} error={journey.error} id={entry.id} /> : null}
      {confirming && (
        <RepublishDialog
          stream={stream}
          id={entry.id}
          busy={republishing}
          error={republishError}
          onCancel={() => setConfirming(false)}
          onConfirm={async (toStream) => {
            if (await onRepublish(entry.id, toStream)) setConfirming(false);
          }}
        />
      )}
    </aside>
  );
}

// The selected entry: every field with its value (text, or hex for bytes that are not UTF-8; large
// values as previews that load in full or save to a file), the decoded JSON of UCloud entries,
// copy buttons and re-publish.
import { useState } from 'react';
import type { Bridge, JourneyStep, ReplyError, StreamEntry } from '../../../shared';
import { entryJson, fieldNameText } from '../../state/entryText';
import { formatCount, formatTime } from '../../state/format';
import { RepublishDialog } from './RepublishDialog';
import { Journey } from './Journey';
import { ValueView } from './ValueView';
import type { DecodedValue } from '../../../shared/decoding';
import { copyText } from './copyText';
import { WriteButton } from '../../components/WriteButton';

interface EntryDetailProps {
  bridge: Bridge;
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

export function EntryDetail({
  bridge,
  stream,
  entry,
  republishing,
  republished,
  republishError,
  onRepublish,
  journey,
  onJourney,
  onClose,
}: EntryDetailProps) {
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
        {formatTime(entry.timestamp)} · {entry.format} · {formatCount(entry.fields.length + (entry.omittedFields ?? 0))} field
        {entry.fields.length + (entry.omittedFields ?? 0) === 1 ? '' : 's'}
        {entry.format === 'sentinel' ? ' (UCloud stream-init marker: readers skip it)' : ''}
      </p>
      {entry.note ? (
        <p className="entry-note" role="note">
          {entry.note}
        </p>
      ) : null}
      {json !== null ? (
        <pre className="entry-json" aria-label="Entry JSON" tabIndex={0}>
          {json}
        </pre>
      ) : null}
      <table className="grid entry-fields" aria-label="Fields">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {entry.fields.map((field, i) => (
            <tr key={`${entry.id}:${i}`}>
              <th
                scope="row"
                className="mono field-name"
                title={field.nameSize !== undefined ? `name of ${formatCount(field.nameSize)} bytes, cut` : undefined}
              >
                {fieldNameText(field)}
              </th>
              <td>
                {field.decoded ? <DecodedView decoded={field.decoded} name={fieldNameText(field)} /> : null}
                {field.decoded ? (
                  <details className="raw-value" open>
                    <summary>raw</summary>
                    <ValueView
                      bridge={bridge}
                      at={{ stream, id: entry.id, field: i }}
                      value={field.value}
                      label={`Value of ${fieldNameText(field)}`}
                      fileName={`${entry.id}-field-${i}.bin`}
                    />
                  </details>
                ) : (
                  <ValueView
                    bridge={bridge}
                    at={{ stream, id: entry.id, field: i }}
                    value={field.value}
                    label={`Value of ${fieldNameText(field)}`}
                    fileName={`${entry.id}-field-${i}.bin`}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {entry.omittedFields ? (
        <p className="muted">{formatCount(entry.omittedFields)} more fields are not shown (over this view's limit for one entry).</p>
      ) : null}
      <div className="toolbar">
        {json !== null ? (
          <button type="button" onClick={async () => setCopyStatus(await copyText(json))}>
            Copy JSON
          </button>
        ) : null}
        <button type="button" onClick={async () => setCopyStatus(await copyText(entry.id))}>
          Copy id
        </button>
        <WriteButton type="button" onClick={() => setConfirming(true)}>
          Re-publish…
        </WriteButton>
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

/** A value as the main side decoded it: the decoder, how sure auto-detection was, and the value. */
function DecodedView({ decoded, name }: { decoded: DecodedValue; name: string }) {
  const shown = decoded.value !== undefined ? JSON.stringify(decoded.value, null, 2) : decoded.text;
  return (
    <div className="decoded-value" role="group" aria-label={`Decoded ${name}`}>
      <p className="muted">
        {decoded.error
          ? `Could not decode: ${decoded.error}.`
          : `Decoded as ${decoded.decoder} (confidence ${Math.round(decoded.confidence * 100)} %)`}
        {decoded.note ? ` · ${decoded.note}` : ''}
      </p>
      {shown !== undefined ? <pre className="mono">{shown}</pre> : null}
    </div>
  );
}

// One field's value in the entry detail: text where its bytes are UTF-8, otherwise a hex view
// (offset, bytes, ASCII); copy; and for a preview, "Load full value" (chunks with progress) and
// "Save to file"; for a value that travelled only decoded, "Show raw bytes" loads them. Nothing is
// decoded lossily: what is copied or saved is the exact bytes.
import { useEffect, useRef, useState } from 'react';
import { valueToBytes, type Bridge, type ReplyError, type ValueBytes } from '../../../shared';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatBytes } from '../../state/format';
import { bytesHex } from '../../state/entryText';
import { bytesText, loadFullValue, saveBytes, type ValueAddress } from '../../state/valueLoader';
import { copyText } from './copyText';

/** Values up to this size can be loaded into the view; larger ones are only saved to a file. */
export const MAX_SHOWN_BYTES = 16 * 1024 * 1024;

/** Hex view rows of 16 bytes: offset, hex pairs, printable ASCII. */
export function hexDump(bytes: Uint8Array, maxBytes = 4096): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, maxBytes);
  for (let at = 0; at < end; at += 16) {
    const row = bytes.subarray(at, Math.min(at + 16, end));
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(8, '0')}  ${bytesHex(row).padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > end) lines.push(`… ${formatBytes(bytes.length - end, 'binary')} more (copy or save for all of it)`);
  return lines.join('\n');
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

interface ValueViewProps {
  bridge: Bridge;
  at: ValueAddress;
  value: ValueBytes;
  /** Accessible name, e.g. "Value of user". */
  label: string;
  fileName: string;
}

export function ValueView({ bridge, at, value, label, fileName }: ValueViewProps) {
  const [full, setFull] = useState<Uint8Array | null>(null);
  const [progress, setProgress] = useState<{ loaded: number; size: number } | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);
  const [status, setStatus] = useState('');
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => void (alive.current = false);
  }, []);

  const bytes = full ?? valueToBytes(value);
  const text = full ? bytesText(full) : (value.text ?? null);
  const partial = value.truncated && !full;
  // A value that travelled decoded (or past the entry's budget) carries no bytes: they load when asked.
  const notLoaded = partial && bytes.length === 0 && value.size > 0;

  const load = async (): Promise<Uint8Array | null> => {
    if (full) return full;
    setError(null);
    setProgress({ loaded: 0, size: value.size });
    const result = await loadFullValue(
      bridge,
      at,
      (loaded, size) => alive.current && setProgress({ loaded, size }),
      () => !alive.current,
    );
    if (!result || !alive.current) return null;
    setProgress(null);
    if (!result.ok) {
      setError(result.error);
      return null;
    }
    // A value too large to show is only saved; keeping it would hold it in the page.
    if (result.bytes.length <= MAX_SHOWN_BYTES) setFull(result.bytes);
    return result.bytes;
  };

  const save = async () => {
    const whole = await load();
    if (whole) saveBytes(whole, fileName);
  };

  return (
    <div className="value-view">
      {notLoaded ? (
        <p className="muted">Raw bytes not loaded ({value.text !== undefined ? 'UTF-8 text' : 'binary: shown as hex once loaded'}).</p>
      ) : text !== null ? (
        <pre className="value-text mono" aria-label={label} tabIndex={0}>
          {text}
          {partial ? '…' : ''}
        </pre>
      ) : (
        <pre className="value-hex mono" aria-label={`${label} (hex)`} tabIndex={0}>
          {hexDump(bytes)}
        </pre>
      )}
      <div className="toolbar value-actions">
        <span className="muted">
          {formatBytes(value.size, 'binary')}
          {text === null && !notLoaded ? ' · not UTF-8: shown as hex' : ''}
          {partial && !notLoaded ? ` · first ${formatBytes(bytes.length, 'binary')} shown` : ''}
        </span>
        {partial && !progress && value.size <= MAX_SHOWN_BYTES ? (
          <button type="button" className="small" onClick={() => void load()}>
            {notLoaded ? 'Show raw bytes' : 'Load full value'}
          </button>
        ) : null}
        {partial && value.size > MAX_SHOWN_BYTES ? <span className="muted">too large to show here: save it to a file</span> : null}
        <button type="button" className="small" onClick={() => void save()} disabled={progress !== null}>
          Save to file
        </button>
        <button
          type="button"
          className="small"
          disabled={partial}
          title={partial ? 'Load the full value first' : undefined}
          onClick={async () => setStatus(await copyText(text ?? bytesHex(bytes)))}
        >
          {text !== null ? 'Copy' : 'Copy hex'}
        </button>
        {text === null ? (
          <button type="button" className="small" disabled={partial} onClick={async () => setStatus(await copyText(toBase64(bytes)))}>
            Copy base64
          </button>
        ) : null}
        <span role="status" className="muted">
          {progress ? `Loading ${formatBytes(progress.loaded, 'binary')} of ${formatBytes(progress.size, 'binary')}…` : status}
        </span>
      </div>
      <ErrorMessage error={error} context="Loading the value" />
    </div>
  );
}

// Export and import of a stream's entries: pick a selection and a format and download the export
// (web mode) or save it where the desktop app's dialog says; or pick an NDJSON file, dry-run it to
// see what would be written and which lines are wrong, then import it. Both show progress from
// transfer.progress and can be cancelled.
import { useEffect, useId, useState } from 'react';
import { asError, CancelJobButton, ExportProgress, useJobProgress } from './jobParts';
import type { Bridge, ExportFormat, ExportJob, ImportJob, ReplyError, TransferLimits, TransferSelection } from '../../../shared';
import { displayKeyName } from '../../../shared/key-name';
import { exportFileName } from '../../../shared/transfer-format';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount } from '../../state/format';
import { parseTime } from '../../state/parseTime';
import { download, loadLimits, runExport, runImport } from './transferRuns';
import './transfer.css';
import { WriteButton } from '../../components/WriteButton';
import { ExportFormatSelect } from './ExportFormatSelect';

type Pane = 'export' | 'import';
type SelectionKind = 'whole' | TransferSelection['kind'];

const FORMAT_NOTES: Record<ExportFormat, string> = {
  ndjson: 'One entry per line with its id and every field; values that are not UTF-8 as base64. Import reads this back byte for byte.',
  csv: 'One row per entry, a column per field. Every entry must have the fields of the first; values that are not UTF-8 are written as base64:… Not for import.',
  raw: 'Each entry’s one value as it is, one per line (single-field streams). Values with line breaks make lines ambiguous. Not for import.',
};

interface TransferDialogProps {
  bridge: Bridge;
  stream: string;
  onClose: () => void;
  initialPane?: Pane;
}

export function TransferDialog({ bridge, stream, onClose, initialPane = 'export' }: TransferDialogProps) {
  const [pane, setPane] = useState<Pane>(initialPane);
  const [limits, setLimits] = useState<TransferLimits | null>(null);
  useEffect(() => {
    let live = true;
    loadLimits(bridge).then(
      (l) => live && setLimits(l),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [bridge]);
  return (
    <Dialog title={`Export or import ${displayKeyName(stream)}`} onClose={onClose} className="transfer-dialog">
      <div className="transfer-panes" role="radiogroup" aria-label="Export or import">
        {(['export', 'import'] as const).map((p) => (
          <label key={p} className="radio-line">
            <input type="radio" name="transfer-pane" checked={pane === p} onChange={() => setPane(p)} />
            {p === 'export' ? 'Export entries' : 'Import entries'}
          </label>
        ))}
      </div>
      {pane === 'export' ? (
        <ExportPane bridge={bridge} stream={stream} limits={limits} />
      ) : (
        <ImportPane bridge={bridge} stream={stream} limits={limits} />
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

function selectionFrom(kind: SelectionKind, fields: { from: string; to: string; count: string; ids: string }): TransferSelection | string {
  if (kind === 'whole') return { kind: 'range', start: '-', end: '+' };
  if (kind === 'range') return { kind: 'range', start: fields.from.trim() || '-', end: fields.to.trim() || '+' };
  if (kind === 'last')
    return /^\d+$/.test(fields.count.trim()) && Number(fields.count) > 0
      ? { kind: 'last', count: Number(fields.count) }
      : 'enter how many of the newest entries';
  if (kind === 'ids') {
    const ids = fields.ids.split(/[\s,]+/).filter(Boolean);
    return ids.length ? { kind: 'ids', ids } : 'list at least one id';
  }
  const bound = (text: string) => (text.trim() === '' ? undefined : parseTime(text));
  const from = bound(fields.from);
  const to = bound(fields.to);
  if (from && 'problem' in from) return `From: ${from.problem}`;
  if (to && 'problem' in to) return `To: ${to.problem}`;
  return { kind: 'time', fromMs: from?.ms, toMs: to?.ms };
}

function ExportPane({ bridge, stream, limits }: { bridge: Bridge; stream: string; limits: TransferLimits | null }) {
  const ids = useId();
  const [kind, setKind] = useState<SelectionKind>('whole');
  const [fields, setFields] = useState({ from: '', to: '', count: '100', ids: '' });
  const [format, setFormat] = useState<ExportFormat>('ndjson');
  const [job, setJob] = useState<ExportJob | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);
  const [busy, setBusy] = useState(false);
  useJobProgress(bridge, job, setJob);
  const selection = selectionFrom(kind, fields);
  const save = limits?.saveToFile === true;
  const running = busy || job?.state === 'running';

  const start = async () => {
    if (typeof selection === 'string') return;
    setBusy(true);
    setError(null);
    setJob(null);
    try {
      const { job: ended, blob } = await runExport(bridge, { stream, selection, format, destination: save ? 'file' : 'read' }, setJob);
      setJob(ended);
      if (blob) download(blob, exportFileName(displayKeyName(stream), format));
    } catch (e) {
      setError(asError(e));
    } finally {
      setBusy(false);
    }
  };
  const field = (name: keyof typeof fields, label: string, placeholder: string) => (
    <label>
      {label}{' '}
      <input
        aria-label={label}
        value={fields[name]}
        placeholder={placeholder}
        onChange={(e) => setFields({ ...fields, [name]: e.target.value })}
      />
    </label>
  );

  return (
    <section aria-label="Export" className="transfer-pane">
      <fieldset className="transfer-fieldset">
        <legend>Entries</legend>
        {(
          [
            ['whole', 'The whole stream'],
            ['range', 'An id range'],
            ['time', 'A time range'],
            ['last', 'The newest entries'],
            ['ids', 'Listed ids'],
          ] as const
        ).map(([k, label]) => (
          <label key={k} className="radio-line">
            <input type="radio" name={`${ids}-selection`} checked={kind === k} onChange={() => setKind(k)} />
            {label}
          </label>
        ))}
        {kind === 'range' && (
          <div className="transfer-row">
            {field('from', 'From id', '- (the start)')}
            {field('to', 'To id', '+ (the newest)')}
          </div>
        )}
        {kind === 'time' && (
          <div className="transfer-row">
            {field('from', 'From time', 'YYYY-MM-DD HH:MM or epoch ms')}
            {field('to', 'To time', 'YYYY-MM-DD HH:MM or epoch ms')}
          </div>
        )}
        {kind === 'last' && <div className="transfer-row">{field('count', 'How many', '100')}</div>}
        {kind === 'ids' && (
          <label className="transfer-row">
            Ids{' '}
            <textarea
              aria-label="Ids"
              rows={3}
              value={fields.ids}
              placeholder="1700000000000-0, one per line or comma-separated"
              onChange={(e) => setFields({ ...fields, ids: e.target.value })}
            />
          </label>
        )}
      </fieldset>
      <label className="transfer-row">
        Format <ExportFormatSelect label="Format" value={format} onChange={setFormat} />
      </label>
      <p className="muted transfer-note">{FORMAT_NOTES[format]}</p>
      {typeof selection === 'string' ? (
        <p className="field-problem" role="alert">
          {selection}
        </p>
      ) : null}
      <div className="toolbar">
        <button type="button" disabled={typeof selection === 'string' || running || !limits} onClick={() => void start()}>
          {save ? 'Save to file…' : 'Download'}
        </button>
        <CancelJobButton bridge={bridge} job={job} />
      </div>
      <ErrorMessage error={error} context="Export" />
      {job ? <ExportProgress job={job} /> : null}
    </section>
  );
}

function ImportPane({ bridge, stream, limits }: { bridge: Bridge; stream: string; limits: TransferLimits | null }) {
  const ids = useId();
  const [file, setFile] = useState<File | null>(null);
  const [target, setTarget] = useState(stream);
  const [keepIds, setKeepIds] = useState(false);
  const [rate, setRate] = useState('');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);
  const [busy, setBusy] = useState(false);
  useJobProgress(bridge, job, setJob);
  const rateProblem =
    rate.trim() !== '' && !(/^\d+$/.test(rate.trim()) && Number(rate) > 0) ? 'Rate must be a whole number of entries per second' : null;

  const start = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setJob(null);
    try {
      setJob(
        await runImport(
          bridge,
          { stream: target, ids: keepIds ? 'keep' : 'new', dryRun, ...(rate.trim() ? { ratePerSec: Number(rate) } : {}) },
          file,
          setJob,
        ),
      );
    } catch (e) {
      setError(asError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label="Import" className="transfer-pane">
      <label className="transfer-row">
        NDJSON file{' '}
        <input
          aria-label="NDJSON file"
          type="file"
          accept=".ndjson,.jsonl,.json,.txt,application/x-ndjson"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </label>
      <label className="transfer-row">
        Into stream <input aria-label="Into stream" value={target} onChange={(e) => setTarget(e.target.value)} />
      </label>
      <fieldset className="transfer-fieldset">
        <legend>Ids</legend>
        <label className="radio-line">
          <input type="radio" name={`${ids}-ids`} checked={!keepIds} onChange={() => setKeepIds(false)} />
          New ids (Redis picks them)
        </label>
        <label className="radio-line">
          <input type="radio" name={`${ids}-ids`} checked={keepIds} onChange={() => setKeepIds(true)} />
          Keep each entry’s id (they must grow past the stream’s last id)
        </label>
      </fieldset>
      <label className="transfer-row">
        Rate{' '}
        <input
          aria-label="Entries per second"
          className="num-input"
          value={rate}
          placeholder="as fast as possible"
          onChange={(e) => setRate(e.target.value)}
        />{' '}
        entries/s
      </label>
      {rateProblem ? (
        <p className="field-problem" role="alert">
          {rateProblem}
        </p>
      ) : null}
      {limits ? <p className="muted transfer-note">Lines of at most {formatCount(limits.maxLineBytes)} bytes.</p> : null}
      <div className="toolbar">
        {/* A dry run writes nothing, so a read-only connection allows it. */}
        <button type="button" disabled={!file || busy || rateProblem !== null || target === ''} onClick={() => void start(true)}>
          Dry run
        </button>
        <WriteButton type="button" disabled={!file || busy || rateProblem !== null || target === ''} onClick={() => void start(false)}>
          Import
        </WriteButton>
        <CancelJobButton bridge={bridge} job={job} />
      </div>
      <ErrorMessage error={error} context="Import" />
      {job && file ? <ImportReport job={job} fileBytes={file.size} /> : null}
    </section>
  );
}

function ImportReport({ job, fileBytes }: { job: ImportJob; fileBytes: number }) {
  const verb = job.dryRun ? (job.state === 'running' ? 'Checking' : 'Would write') : job.state === 'running' ? 'Importing' : 'Wrote';
  return (
    <div className="transfer-progress" aria-label={job.dryRun ? 'Dry run report' : 'Import report'} role="region">
      <ProgressBar label="Import progress" value={job.bytes} max={Math.max(fileBytes, 1)} />
      <p role="status">
        {verb} {formatCount(job.entries)} entries ({formatCount(job.fields)} fields, {formatCount(job.valueBytes)} value bytes) to{' '}
        {displayKeyName(job.stream)}
        {job.firstId ? `, ids ${job.firstId} to ${job.lastId}` : ''}; {formatCount(job.lines)} lines read
        {job.state === 'cancelled' || job.state === 'failed' ? ` — ${job.state}${job.error ? `: ${job.error}` : ''}` : ''}
      </p>
      {job.invalid > 0 ? (
        <>
          <p className="warn-text">
            {formatCount(job.invalid)} {job.invalid === 1 ? 'line cannot' : 'lines cannot'} be written
            {job.invalid > job.problems.length ? ` (the first ${job.problems.length} are listed)` : ''}:
          </p>
          <table className="transfer-problems">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {job.problems.map((p) => (
                <tr key={p.line}>
                  <td>{p.line}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}

// "Export matches" under a finished filter scan: the same export job as the Export/Import dialog,
// given the scan's filter, so it writes exactly the entries the scan matched — the same expression
// and decoder, the same range up to the last entry the scan read, the same budget — as NDJSON, CSV
// or raw values, with progress and cancel.
import { useState } from 'react';
import type { Bridge, ExportFormat, ExportJob, ReplyError } from '../../../shared';
import type { FilterJob } from '../../../shared/decoding';
import { displayKeyName } from '../../../shared/key-name';
import { scanBounds, type ScanRange } from '../../../shared/scan-range';
import { exportFileName } from '../../../shared/transfer-format';
import { ErrorMessage } from '../../components/ErrorMessage';
import { asError, CancelJobButton, ExportProgress, useJobProgress } from './jobParts';
import { download, loadLimits, runExport, type ExportArgs } from './transferRuns';
import './transfer.css';
import { ExportFormatSelect } from './ExportFormatSelect';

/** The export of what `scan` matched over `range` (the range it was started with). */
export function matchesExport(stream: string, scan: FilterJob, range: ScanRange, format: ExportFormat): ExportArgs {
  const { start, end } = scanBounds(range);
  return {
    stream,
    selection: { kind: 'range', start, end: scan.lastId ?? end },
    format,
    filter: { expression: scan.expression, maxEntries: scan.maxEntries, maxMs: scan.maxMs, maxMatches: scan.maxMatches },
  };
}

export function ExportMatches({ bridge, stream, scan, range }: { bridge: Bridge; stream: string; scan: FilterJob; range: ScanRange }) {
  const [format, setFormat] = useState<ExportFormat>('ndjson');
  const [job, setJob] = useState<ExportJob | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);
  const [busy, setBusy] = useState(false);
  useJobProgress(bridge, job, setJob);

  const start = async () => {
    setBusy(true);
    setError(null);
    setJob(null);
    try {
      const save = (await loadLimits(bridge)).saveToFile;
      const args = { ...matchesExport(stream, scan, range, format), destination: save ? ('file' as const) : ('read' as const) };
      const { job: ended, blob } = await runExport(bridge, args, setJob);
      setJob(ended);
      if (blob) download(blob, exportFileName(`${displayKeyName(stream)}-matches`, format));
    } catch (e) {
      setError(asError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="export-matches" aria-label="Export matches">
      <div className="toolbar">
        <label>
          Format <ExportFormatSelect label="Export format" value={format} onChange={setFormat} />
        </label>
        <button type="button" disabled={busy || job?.state === 'running'} onClick={() => void start()}>
          Export {scan.matched === 1 ? 'the match' : `the ${scan.matched.toLocaleString('en-US')} matches`}
        </button>
        <CancelJobButton bridge={bridge} job={job} />
      </div>
      <ErrorMessage error={error} context="Exporting the matches" />
      {job ? <ExportProgress job={job} /> : null}
    </section>
  );
}

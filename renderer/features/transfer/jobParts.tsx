// The pieces of a running export or import the Export/Import dialog and "Export matches" share:
// its latest state from transfer.progress, its progress in words (with the filter scan's counts
// for an export of matches), and cancel.
import { useEffect } from 'react';
import type { Bridge, ExportJob, ImportJob, ReplyError } from '../../../shared';
import { TransferFailed } from '../../../shared/transfer-client';
import { ProgressBar } from '../../components/ProgressBar';
import { scanBudgetText, scanSummary } from '../../state/filterScanText';
import { formatCount } from '../../state/format';

export const asError = (error: unknown): ReplyError =>
  error instanceof TransferFailed ? error.error : { code: 'internal', message: (error as Error).message };

/** The latest state of job `jobId` as progress events arrive. */
export function useJobProgress<J extends ExportJob | ImportJob>(bridge: Bridge, job: J | null, setJob: (job: J) => void) {
  const jobId = job?.jobId;
  useEffect(() => {
    if (!jobId) return;
    return bridge.on('transfer.progress', (update) => {
      if (update.jobId === jobId) setJob(update as J);
    });
  }, [bridge, jobId, setJob]);
}

/** An export's progress; for an export of a filter's matches, the scan's counts and budget too. */
export function ExportProgress({ job }: { job: ExportJob }) {
  const scan = job.filter;
  return (
    <div className="transfer-progress">
      {job.total !== null ? <ProgressBar label="Export progress" value={job.entries} max={Math.max(job.total, 1)} /> : null}
      {scan ? <ProgressBar label="Entries scanned" value={scan.scanned} max={scan.maxEntries} /> : null}
      <p role="status">
        {job.state === 'running' ? 'Exporting: ' : job.state === 'done' ? 'Exported ' : `Export ${job.state}: `}
        {formatCount(job.entries)}
        {job.total !== null ? ` of ${formatCount(job.total)}` : ''} {scan ? 'matching entries' : 'entries'} ({formatCount(job.bytes)} bytes)
        {scan ? `; filter ${scanSummary(scan)}` : ''}
        {job.missing ? `; ${formatCount(job.missing)} listed ids are not in the stream` : ''}
        {job.binaryValues ? `; ${formatCount(job.binaryValues)} values were not UTF-8 and are written as base64:…` : ''}
        {job.savedTo ? `; saved to ${job.savedTo}` : ''}
        {job.error ? ` — ${job.error}` : ''}
      </p>
      {scan ? <p className="muted">{scanBudgetText(scan)}</p> : null}
    </div>
  );
}

/** Cancels a running export or import job; disabled when none runs. */
export function CancelJobButton({ bridge, job }: { bridge: Bridge; job: { jobId: string; state: string } | null }) {
  return (
    <button
      type="button"
      disabled={!job || job.state !== 'running'}
      onClick={() => job && void bridge.invoke('transfer.cancel', { jobId: job.jobId })}
    >
      Cancel
    </button>
  );
}

// A filter scan of one stream: a CEL expression over decoded values (evaluated on the main side),
// run as a job with progress and cancel under a budget it states, its matches listed and exported
// (the transfer feature's export job, given the same filter); filters can be saved per stream.
import { Suspense, useEffect, useState } from 'react';
import type { Bridge } from '../../../shared';
import type { FilterJob, SavedFilter } from '../../../shared/decoding';
import type { StreamEntry } from '../../../shared/dto';
import type { ReplyError } from '../../../shared/reply';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProgressBar } from '../../components/ProgressBar';
import { lazyNamed } from '../../components/Lazy';
import { scanBudgetText, scanSummary } from '../../state/filterScanText';
import { EMPTY_RANGE, parseScanRange, type ScanRange } from './scanRange';
import { ScanRangeFields } from './ScanRangeFields';

const ExportMatches = lazyNamed(() => import('../transfer'), 'ExportMatches');

export function FilterScan({ bridge, stream }: { bridge: Bridge; stream: string }) {
  const [expression, setExpression] = useState('');
  const [job, setJob] = useState<FilterJob | null>(null);
  const [matches, setMatches] = useState<StreamEntry[]>([]);
  const [saved, setSaved] = useState<SavedFilter[]>([]);
  const [error, setError] = useState<ReplyError | null>(null);
  const [rangeText, setRangeText] = useState(EMPTY_RANGE);
  const checked = parseScanRange(rangeText);
  // The range the shown scan ran over (the fields may have changed since): its matches export from it.
  const [scannedRange, setScannedRange] = useState<ScanRange>({});

  useEffect(() => {
    let live = true;
    void bridge.invoke('filters.list', { stream }).then((r) => live && r.ok && setSaved(r.value));
    return () => {
      live = false;
    };
  }, [bridge, stream]);

  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const off = bridge.on('filters.progress', (p) => {
      if (p.jobId === job.jobId) setJob(p);
    });
    // A scan can end before this page listens: ask for its state too.
    const timer = setInterval(() => {
      void bridge.invoke('filters.results', { jobId: job.jobId }).then((r) => {
        if (r.ok && r.value.job.state !== 'running') setJob(r.value.job);
      });
    }, 250);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [bridge, job]);

  useEffect(() => {
    if (!job || job.state === 'running') return;
    let live = true;
    void bridge.invoke('filters.results', { jobId: job.jobId }).then((r) => {
      if (live && r.ok) setMatches(r.value.entries);
    });
    return () => {
      live = false;
    };
  }, [bridge, job]);

  const run = async () => {
    setError(null);
    setMatches([]);
    if ('error' in checked) return;
    const reply = await bridge.invoke('filters.start', { stream, expression, ...checked.range });
    if (reply.ok) {
      setScannedRange(checked.range);
      setJob(reply.value);
    } else setError(reply.error);
  };

  const save = async () => {
    const name = expression.slice(0, 60);
    const reply = await bridge.invoke('filters.save', { stream, name, expression });
    if (reply.ok) setSaved(reply.value);
    else setError(reply.error);
  };

  return (
    <section className="filter-scan" aria-label="Filter scan">
      <form
        className="toolbar"
        aria-label="Filter expression"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <input
          aria-label="Filter expression (CEL)"
          className="mono"
          placeholder='CEL over decoded values, e.g. value.amount > 100.0 && value.kind == "refund"'
          value={expression}
          onChange={(e) => setExpression(e.target.value)}
        />
        <button type="submit" disabled={expression.trim() === '' || 'error' in checked || job?.state === 'running'}>
          Scan
        </button>
        {job?.state === 'running' ? (
          <button
            type="button"
            onClick={() => void bridge.invoke('filters.cancel', { jobId: job.jobId }).then((r) => r.ok && setJob(r.value))}
          >
            Cancel scan
          </button>
        ) : null}
        <button type="button" disabled={expression.trim() === ''} onClick={() => void save()}>
          Save filter
        </button>
        {saved.length > 0 ? (
          <select aria-label="Saved filters" value="" onChange={(e) => e.target.value && setExpression(e.target.value)}>
            <option value="">Saved filters…</option>
            {saved.map((f) => (
              <option key={f.name} value={f.expression}>
                {f.name}
              </option>
            ))}
          </select>
        ) : null}
      </form>
      <ScanRangeFields value={rangeText} onChange={setRangeText} />
      {'error' in checked ? (
        <p className="error-message" role="alert">
          {checked.error}
        </p>
      ) : null}
      <ErrorMessage error={error} context="The filter scan" />
      {job ? <ScanResult bridge={bridge} stream={stream} job={job} range={scannedRange} matches={matches} /> : null}
    </section>
  );
}

/** A scan's progress and budget, "Export matches" once it ended with some, and the matches it keeps. */
function ScanResult({
  bridge,
  stream,
  job,
  range,
  matches,
}: {
  bridge: Bridge;
  stream: string;
  job: FilterJob;
  range: ScanRange;
  matches: StreamEntry[];
}) {
  return (
    <>
      <div>
        <ProgressBar label="Entries scanned" value={job.scanned} max={job.maxEntries} />
        <p className="muted" role="status">
          {job.state === 'running' ? 'Scanning: ' : `Scan ${job.state}: `}
          {scanSummary(job)}
          {job.error ? ` ${job.error}` : ''}
        </p>
        <p className="muted">{scanBudgetText(job)}</p>
      </div>
      {job.state !== 'running' && job.matched > 0 ? (
        // No loading status while its chunk arrives: the scan's own status stays the one status here.
        <Suspense fallback={null}>
          <ExportMatches bridge={bridge} stream={stream} scan={job} range={range} />
        </Suspense>
      ) : null}
      {matches.length > 0 ? (
        <ul aria-label="Matching entries" className="mono">
          {matches.map((m) => (
            <li key={m.id}>
              {m.id}{' '}
              {m.fields
                .map((f) => (f.decoded?.value !== undefined ? JSON.stringify(f.decoded.value) : (f.decoded?.text ?? f.value.text ?? '')))
                .join(' ')
                .slice(0, 200)}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

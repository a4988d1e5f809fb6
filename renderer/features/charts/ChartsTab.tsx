// Charts: lag, pending, oldest-pending age and throughput over the last ten minutes, starting from
// the history the console kept for the stream.
import { displayKeyName } from '../../../shared/key-name';
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../../../shared';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { chartsStoreFor, type ChartsState } from './chartsStore';
import { lagProvenance, seriesOf } from './history';
import { TimeChart } from './TimeChart';
import { formatClock } from '../../state/format';
import './charts.css';

export function ChartsTab({ bridge, stream }: { bridge: Bridge; stream: string }) {
  const [store] = useState(() => chartsStoreFor(bridge, stream));
  const s = useStore(store);
  useEffect(() => store.getState().watch(), [store]);

  const lag = useMemo(() => seriesOf(s.samples, 'lag'), [s.samples]);
  const pending = useMemo(() => seriesOf(s.samples, 'pending'), [s.samples]);
  const oldest = useMemo(() => seriesOf(s.samples, 'oldestPending'), [s.samples]);
  const throughput = useMemo(() => seriesOf(s.samples, 'throughput'), [s.samples]);
  const noGroups = s.samples.length > 0 && lag.names.length === 0;
  const lagKnown = useMemo(() => lagProvenance(s.samples), [s.samples]);

  return (
    <section className="ss-charts" aria-label="Charts">
      <ErrorMessage error={s.error} context="Could not watch the stream" />
      <ErrorMessage error={s.historyError} context="Could not load the history the console kept" />
      <HistoryNote state={s} stream={stream} />
      {noGroups && (
        <EmptyState
          title={`No groups read ${displayKeyName(stream)} yet: lag and pending appear once a group exists. Publish messages or start the demo.`}
        />
      )}
      <div className="ss-charts-grid">
        <TimeChart title="Lag per group" unit="entries" series={lag} note={lagKnown} />
        <TimeChart title="Pending per group" unit="entries" series={pending} />
        <TimeChart title="Oldest pending age" unit="seconds" series={oldest} />
        <TimeChart title="Throughput" unit="msgs/s" series={throughput} />
      </div>
    </section>
  );
}

/** Where the history starts and who keeps it, so an empty or short chart explains itself. */
function HistoryNote({ state: s, stream }: { state: ChartsState; stream: string }) {
  const count = `${s.samples.length} sample(s)`;
  const since = s.samples.length ? `History since ${formatClock(s.samples[0].at, 'min')}` : 'No history yet';
  return (
    <div className="muted ss-charts-note" aria-label="Chart history">
      <p>
        {s.kept
          ? `${since}, kept by the console for ${minutes(s.kept.windowMs)} · ${count}`
          : `Last 10 minutes, kept while you look at other tabs · ${count}`}
      </p>
      {s.kept && (
        <p>
          While no window shows {displayKeyName(stream)}, the console samples it every {Math.round(s.kept.backgroundEveryMs / 1000)} s
          (about {s.kept.backgroundCommandsPerSec.toFixed(1)} Redis commands/s), so the history survives reloads and tab switches.
        </p>
      )}
      {s.cleared && (
        <p role="status">
          Connection switched{s.cleared.url ? ` to ${s.cleared.url}` : ''} at {formatClock(s.cleared.at, 'min')}: a switch clears the
          history, it starts again from there.
        </p>
      )}
    </div>
  );
}

const minutes = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`);

// Charts: lag, pending, oldest-pending age and throughput over the last ten minutes.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../../../shared';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { chartsStoreFor } from './chartsStore';
import { seriesOf } from './history';
import { TimeChart } from './TimeChart';
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

  return (
    <section className="ss-charts" aria-label="Charts">
      <ErrorMessage error={s.error} context="Could not watch the stream" />
      <p className="muted ss-charts-note">
        Last 10 minutes, kept while you look at other tabs · {s.samples.length} sample(s)
      </p>
      {noGroups && <EmptyState title={`No groups read ${stream} yet: lag and pending appear once a group exists. Publish messages or start the demo.`} />}
      <div className="ss-charts-grid">
        <TimeChart title="Lag per group" unit="entries" series={lag} />
        <TimeChart title="Pending per group" unit="entries" series={pending} />
        <TimeChart title="Oldest pending age" unit="seconds" series={oldest} />
        <TimeChart title="Throughput" unit="msgs/s" series={throughput} />
      </div>
    </section>
  );
}

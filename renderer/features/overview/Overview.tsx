// Every stream and broadcast channel at a glance, filterable; empty states say what to do next.
import { useId } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../../../shared';
import { matchesFilter, type OverviewStore } from '../../state/overviewStore';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ChannelsTable } from './ChannelsTable';
import { StreamsTable } from './StreamsTable';
import { AlertsPanel } from '../alerts';
import type { AlertsStore } from '../../state/alertsStore';
import './overview.css';
import { WriteButton } from '../../components/WriteButton';
import { formatCount } from '../../state/format';

interface OverviewProps {
  bridge: Bridge;
  store: OverviewStore;
  onOpenStream: (name: string) => void;
  onPublish: () => void;
  onStartDemo: () => void;
  demoBusy?: boolean;
  /** Alerts of this connection, shown under the header. */
  alerts?: AlertsStore;
}

export function Overview({ store, onOpenStream, onPublish, onStartDemo, demoBusy, alerts }: OverviewProps) {
  const s = useStore(store);
  const filterId = useId();
  const streams = s.streams.filter((x) => matchesFilter(x.name, s.filter));
  const channels = s.channels.filter((x) => matchesFilter(x.name, s.filter));
  // "No streams" only once a walk has covered the whole keyspace: before that, the streams may be
  // in the part not scanned yet (1,000,000 keys are ~2,000 SCAN pages).
  const nothingAtAll = s.loaded && s.listedAll && s.streams.length === 0 && s.channels.length === 0 && !s.streamsError;
  const stillListing = s.loaded && !s.listedAll && !s.streamsError;

  return (
    <section className="overview" aria-label="Overview">
      <header className="view-header">
        <h1>Overview</h1>
        <div className="toolbar">
          <label htmlFor={filterId} className="visually-hidden">
            Filter streams and channels
          </label>
          <input
            id={filterId}
            type="search"
            placeholder="Filter streams and channels"
            value={s.filter}
            onChange={(e) => s.setFilter(e.target.value)}
          />
          <button type="button" onClick={() => void s.refresh()}>
            Refresh
          </button>
        </div>
      </header>

      {alerts ? <AlertsPanel store={alerts} streams={s.streams.map((x) => x.name)} /> : null}

      {nothingAtAll ? (
        <EmptyState title="This Redis has no streams or broadcast channels yet. Start the demo to see everything move, or publish a message.">
          <WriteButton type="button" className="primary" onClick={onStartDemo} disabled={demoBusy}>
            Start the demo
          </WriteButton>
          <button type="button" onClick={onPublish}>
            Publish a message
          </button>
        </EmptyState>
      ) : null}

      <h2 className="section-title">Streams</h2>
      <ErrorMessage error={s.streamsError} context="Listing streams" background />
      {stillListing ? (
        <p className="muted" role="status">
          Listing streams: {formatCount(s.streams.length)} found so far, the scan of the keyspace goes on…
        </p>
      ) : null}
      {!s.loaded ? (
        <p className="muted">Loading streams…</p>
      ) : s.streams.length === 0 && stillListing ? null : s.streams.length === 0 ? (
        nothingAtAll ? null : (
          <EmptyState title="No streams yet: publish a message to create one, or start the demo.">
            <button type="button" onClick={onPublish}>
              Publish a message
            </button>
          </EmptyState>
        )
      ) : streams.length === 0 ? (
        <EmptyState title={`No stream matches “${s.filter}”.`}>
          <button type="button" onClick={() => s.setFilter('')}>
            Clear filter
          </button>
        </EmptyState>
      ) : (
        <StreamsTable streams={streams} rates={s.streamRates} onOpenStream={onOpenStream} />
      )}

      <h2 className="section-title">Broadcast channels</h2>
      <ErrorMessage error={s.channelsError} context="Listing channels" background />
      {s.loaded && s.channels.length === 0 && !s.channelsError ? (
        nothingAtAll ? null : (
          <EmptyState title="No broadcast channel has subscribers right now. Start the demo, or subscribe in the Broadcast view." />
        )
      ) : s.loaded && channels.length === 0 && s.channels.length > 0 ? (
        <EmptyState title={`No channel matches “${s.filter}”.`} />
      ) : channels.length > 0 ? (
        <ChannelsTable channels={channels} rates={s.channelRates} />
      ) : null}
    </section>
  );
}

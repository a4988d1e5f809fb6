// Every stream and broadcast channel at a glance, filterable; empty states say what to do next.
import { useId } from 'react';
import { useStore } from 'zustand';
import type { Bridge, StreamSummary } from '../../../shared';
import { displayKeyName } from '../../../shared/key-name';
import { matchesFilter, type OverviewStore } from '../../state/overviewStore';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Sparkline } from '../../components/Sparkline';
import { ChannelRate, MeasuredRate } from '../../components/MeasuredRate';
import { formatCount } from '../../state/format';
import '../groups/groups.css';
import { formatAge, STALE_PENDING_MS } from './age';
import { AlertsPanel } from '../alerts';
import type { AlertsStore } from '../../state/alertsStore';
import './overview.css';
import { WriteButton } from '../../components/WriteButton';

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
  // On a Redis Cluster every stream carries its master and slot; one server has neither column.
  const onCluster = s.streams.some((x) => x.node !== undefined);
  const channels = s.channels.filter((x) => matchesFilter(x.name, s.filter));
  const nothingAtAll = s.loaded && s.streams.length === 0 && s.channels.length === 0 && !s.streamsError;

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
      {!s.loaded ? (
        <p className="muted">Loading streams…</p>
      ) : s.streams.length === 0 ? (
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
        <table className="grid" aria-label="Streams">
          <thead>
            <tr>
              <th>Stream</th>
              {onCluster && <th>Node</th>}
              {onCluster && <th className="num">Slot</th>}
              <th className="num">Length</th>
              <th>msgs/s</th>
              <th className="num">Groups</th>
              <th className="num">Total lag</th>
              <th className="num">Pending</th>
              <th className="num">Oldest pending</th>
              <th>Last id</th>
            </tr>
          </thead>
          <tbody>
            {streams.map((x) => (
              <tr key={x.name}>
                <td>
                  <button
                    type="button"
                    className="link mono"
                    onClick={() => onOpenStream(x.name)}
                    aria-label={`Open stream ${displayKeyName(x.name)}`}
                  >
                    {displayKeyName(x.name)}
                  </button>
                </td>
                {onCluster && <td className="mono">{x.node ?? '—'}</td>}
                {onCluster && <td className="num">{x.slot ?? '—'}</td>}
                <td className="num">{formatCount(x.length)}</td>
                <td>
                  <span className="rate">
                    <Sparkline values={s.streamRates[x.name] ?? []} label={`${x.name} msgs/s trend`} />
                    <MeasuredRate
                      perSec={x.entriesPerSecond}
                      how="Entries added per second between the last two refreshes"
                      unmeasured="Measured between two refreshes: known from the second one on."
                    />
                  </span>
                </td>
                <td className="num">{formatCount(x.groups)}</td>
                <TotalLagCell stream={x} />
                <td className={`num ${x.totalPending ? 'warn' : ''}`}>{formatCount(x.totalPending)}</td>
                <OldestPendingCell ms={x.oldestPendingMs} />
                <td className="mono muted">{x.lastId ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
        <table className="grid" aria-label="Broadcast channels">
          <thead>
            <tr>
              <th>Channel</th>
              <th className="num">Subscribers</th>
              <th>msgs/s</th>
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.name}>
                <td className="mono">{displayKeyName(c.name)}</td>
                <td className="num">{formatCount(c.subscribers)}</td>
                <td>
                  <span className="rate">
                    <Sparkline values={s.channelRates[c.name] ?? []} label={`${c.name} msgs/s trend`} />
                    <ChannelRate channel={c} />
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/**
 * The stream's backlog: the sum of its groups' lag, "≥" when part of it is a lower bound or unknown,
 * marked when the console counted some of it, and the age of the oldest entry still waiting.
 */
function TotalLagCell({ stream: x }: { stream: StreamSummary }) {
  const computed = x.lagComputedGroups ?? 0;
  const unknown = x.lagUnknownGroups ?? 0;
  const lower = x.totalLagKind === 'at-least';
  const title = [
    computed > 0 ? `${computed} group(s) counted by the console: Redis gave no lag for them.` : "Redis's own lag.",
    unknown > 0 ? `${unknown} group(s) unknown: not in the sum.` : '',
    lower ? 'So the total is a lower bound.' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <td className={`num ${x.totalLag ? 'warn' : ''}`} title={title}>
      {x.totalLag === null ? 'unknown' : `${lower ? '≥ ' : ''}${formatCount(x.totalLag)}`}
      {computed > 0 && <span className="ss-badge computed">computed</span>}
      {unknown > 0 && x.totalLag !== null && <span className="muted"> + {unknown} unknown</span>}
      {x.oldestUndeliveredMs != null && <span className="muted"> · oldest {formatAge(x.oldestUndeliveredMs)}</span>}
    </td>
  );
}

function OldestPendingCell({ ms }: { ms: number | null | undefined }) {
  const stale = ms != null && ms > STALE_PENDING_MS;
  return (
    <td className={`num ${stale ? 'stale' : ''}`} title={stale ? 'Pending for over a minute: is a consumer stuck or gone?' : undefined}>
      {formatAge(ms)}
    </td>
  );
}

// GET /metrics in web mode: the console's metrics snapshot and broadcast rates in the Prometheus
// text exposition format (version 0.0.4), so teams can alert from their own monitoring.
//
// Written by hand rather than with prom-client: every scrape is a fresh snapshot of Redis, not
// counters this process keeps, so prom-client's long-lived metric objects would be reset and
// refilled on each scrape; the format needed here (gauges, HELP/TYPE lines, three escapes in label
// values) is a few lines, and the project's dependencies stay as they are.
//
// Cost per scrape is bounded: at most `maxStreams` streams (default 200); concurrent scrapes share
// one snapshot and a snapshot is reused for `minIntervalMs` (default 1 s). Broadcast rates need the
// console's pattern subscription (console/broadcast-rates.ts): the first scrape starts it, each scrape
// renews it, and it stops `idleStopMs` after the last scrape.
import type { BroadcastChannel } from '../../shared/dto';
import { displayKeyName } from '../../shared/key-name';
import type { MetricsSnapshot } from '../../shared/metrics';
import { METRICS_LIMITS } from '../../shared/metrics';
import type { ConsoleService } from '../console';

export interface MetricsOptions {
  maxStreams?: number;
  minIntervalMs?: number;
  idleStopMs?: number;
}

/** How long a scrape waits for the broadcast measurement to start before going on without it. */
const MEASURE_WAIT_MS = 3000;

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** A label value as the exposition format wants it: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

type Labels = Record<string, string>;

class Exposition {
  private readonly families = new Map<string, { help: string; samples: string[] }>();

  gauge(name: string, help: string, labels: Labels, value: number | null | undefined): void {
    let family = this.families.get(name);
    if (!family) this.families.set(name, (family = { help, samples: [] }));
    if (value == null || !Number.isFinite(value)) return; // unknown is left out, never written as 0
    const text = Object.entries(labels)
      .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
      .join(',');
    family.samples.push(`${name}${text ? `{${text}}` : ''} ${value}`);
  }

  text(): string {
    const out: string[] = [];
    for (const [name, { help, samples }] of this.families) {
      out.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} gauge`, ...samples);
    }
    return `${out.join('\n')}\n`;
  }
}

const seconds = (ms: number | null | undefined) => (ms == null ? null : ms / 1000);
const LAG_SOURCE_LABEL: Record<string, string> = { redis: 'reported', computed: 'counted', 'at-least': 'at_least' };

export function renderMetrics(snapshot: MetricsSnapshot | null, channels: BroadcastChannel[] | null, error: string | null): string {
  const m = new Exposition();
  m.gauge('streamscope_redis_up', 'Whether the last scrape could read Redis (1) or not (0).', {}, snapshot ? 1 : 0);
  if (snapshot) {
    m.gauge('streamscope_scrape_streams', 'Streams in this scrape.', {}, snapshot.streams.length);
    m.gauge(
      'streamscope_scrape_truncated',
      'Whether Redis has more streams than the scrape covers (1): at most max_streams are read.',
      { max_streams: String(snapshot.maxStreams) },
      snapshot.truncated ? 1 : 0,
    );
    m.gauge('streamscope_scrape_duration_seconds', 'Time the snapshot of Redis took.', {}, snapshot.tookMs / 1000);
    for (const s of snapshot.streams) {
      const stream = displayKeyName(s.name);
      m.gauge('streamscope_stream_length', 'Entries in the stream (XLEN).', { stream }, s.length);
      m.gauge(
        'streamscope_stream_entries_per_second',
        'Entries added per second between the last two scrapes (absent until measured).',
        { stream },
        s.entriesPerSec,
      );
      for (const g of s.groups) {
        const labels = { stream, group: g.name };
        m.gauge(
          'streamscope_group_lag',
          'Entries not yet delivered to the group. lag_source: reported (Redis), counted (by the console), at_least (a lower bound). Absent when unknown.',
          { ...labels, lag_source: LAG_SOURCE_LABEL[g.lagSource] ?? g.lagSource },
          g.lag,
        );
        m.gauge('streamscope_group_lag_known', 'Whether the group lag is known (1) or unknown (0).', labels, g.lag == null ? 0 : 1);
        m.gauge(
          'streamscope_group_oldest_undelivered_age_seconds',
          'Age of the oldest entry not yet delivered to the group (lag in time).',
          labels,
          seconds(g.oldestUndeliveredMs),
        );
        m.gauge('streamscope_group_pending', 'Entries delivered to the group and not acknowledged.', labels, g.pending);
        m.gauge(
          'streamscope_group_oldest_pending_age_seconds',
          'Age of the oldest pending entry of the group, from its id.',
          labels,
          seconds(g.oldestPendingMs),
        );
        m.gauge(
          'streamscope_group_read_per_second',
          'Entries read by the group per second between the last two scrapes (Redis entries-read).',
          labels,
          g.readPerSec,
        );
        for (const i of g.instances) {
          const il = { ...labels, instance: i.name };
          m.gauge('streamscope_instance_pending', 'Entries pending for the instance (consumer).', il, i.pending);
          m.gauge('streamscope_instance_idle_seconds', 'Time since the instance last read (XINFO CONSUMERS idle).', il, i.idleMs / 1000);
          m.gauge(
            'streamscope_instance_live',
            'Engine presence: live (1) or stale (0); absent for consumers without presence.',
            il,
            i.presence === 'live' ? 1 : i.presence === 'stale' ? 0 : null,
          );
          m.gauge(
            'streamscope_instance_delivered_per_second',
            'Entries delivered to the instance per second (engine instances).',
            il,
            i.deliveredPerSec,
          );
          m.gauge(
            'streamscope_instance_acked_per_second',
            'Entries acknowledged by the instance per second (engine instances).',
            il,
            i.ackedPerSec,
          );
        }
      }
    }
  }
  for (const c of channels ?? []) {
    const labels = { channel: displayKeyName(c.name) };
    m.gauge('streamscope_channel_subscribers', 'Subscribers of the broadcast channel (PUBSUB NUMSUB).', labels, c.subscribers);
    m.gauge(
      'streamscope_channel_messages_per_second',
      'Messages per second on the channel, measured by the console (absent until a whole second is measured).',
      labels,
      c.messagesPerSec,
    );
  }
  return error ? `# ${error.replace(/\n/g, ' ')}\n${m.text()}` : m.text();
}

export interface MetricsEndpoint {
  scrape(): Promise<string>;
  close(): void;
}

export function createMetricsEndpoint(service: ConsoleService, opts: MetricsOptions = {}): MetricsEndpoint {
  const maxStreams = Math.min(opts.maxStreams ?? METRICS_LIMITS.maxStreams, METRICS_LIMITS.maxStreamsCap);
  const minIntervalMs = opts.minIntervalMs ?? 1000;
  const idleStopMs = opts.idleStopMs ?? 10 * 60_000;
  let measureId: string | null = null;
  let idle: NodeJS.Timeout | undefined;
  let last: { at: number; text: Promise<string> } | null = null;
  let inFlight = false;

  const stopMeasuring = () => {
    if (measureId) void service.dispatch('broadcast.stopRates', { measureId });
    measureId = null;
  };

  /** Starts a measurement; gives up after `MEASURE_WAIT_MS` (one that answers later is stopped at once). */
  const startMeasuring = async (): Promise<string | null> => {
    let late = false;
    const started = service.dispatch('broadcast.measureRates', {}).then((reply) => {
      const id = reply.ok ? (reply.value as { measureId: string }).measureId : null;
      if (late && id) void service.dispatch('broadcast.stopRates', { measureId: id });
      return id;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), MEASURE_WAIT_MS)));
    const id = await Promise.race([started, timeout]);
    clearTimeout(timer);
    if (id === null) late = true;
    return id;
  };

  const collect = async (): Promise<string> => {
    const snapshot = await service.dispatch('metrics.snapshot', { maxStreams });
    if (!snapshot.ok) return renderMetrics(null, null, `Redis could not be read: ${snapshot.error.message}`);
    // A new measurement before the old one stops: the subscription stays up between scrapes.
    const next = await startMeasuring();
    const channels = await service.dispatch('broadcast.channels', {});
    stopMeasuring();
    measureId = next;
    clearTimeout(idle);
    idle = setTimeout(stopMeasuring, idleStopMs);
    idle.unref();
    return renderMetrics(snapshot.value as MetricsSnapshot, channels.ok ? (channels.value as BroadcastChannel[]) : null, null);
  };

  return {
    scrape() {
      const now = Date.now();
      if (!last || (!inFlight && now - last.at >= minIntervalMs)) {
        inFlight = true;
        last = { at: now, text: collect().finally(() => (inFlight = false)) };
      }
      return last.text;
    },
    close() {
      clearTimeout(idle);
      stopMeasuring();
    },
  };
}

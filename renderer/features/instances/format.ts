// Compact numbers for dense tables.
import type { ConsumerMode, HostedInstance, LatencySummary } from '../../../shared';

export const rate = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

export function modeText(m: ConsumerMode | null): string {
  if (!m) return '—';
  if (m.kind === 'immediate') return `immediate ×${m.concurrency ?? 1}${m.prefetch ? `, prefetch ${m.prefetch}` : ''}`;
  return `batched ≤${m.maxBatchSize ?? '?'} / ${m.maxLatencyMs ?? '?'} ms`;
}

/** What a console-hosted instance was told to simulate. */
export const hostedSettings = (h: HostedInstance) =>
  `delay ${h.processingDelayMs} ms · fail ${Math.round(h.failureRate * 100)}% · ack ${h.ackMode}`;

export const latencyText = (l: LatencySummary | null) => (l ? `${Math.round(l.p50)} / ${Math.round(l.p99)} ms` : '—');

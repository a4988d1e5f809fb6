// Small builders for contract values used across the renderer tests.
import type { BroadcastChannel, ConnectionStatus, StreamEntry, StreamSummary } from '../../shared';

export function streamSummary(name: string, over: Partial<StreamSummary> = {}): StreamSummary {
  return {
    name,
    length: 10,
    firstId: '1-0',
    lastId: '10-0',
    groups: 1,
    entriesPerSecond: 2,
    totalLag: 0,
    totalPending: 0,
    ...over,
  };
}

export function channel(name: string, over: Partial<BroadcastChannel> = {}): BroadcastChannel {
  return { name, subscribers: 1, messagesPerSec: 0, ...over };
}

export function entry(ms: number, seq = 0, value: unknown = { n: ms }): StreamEntry {
  const text = JSON.stringify(value);
  return {
    id: `${ms}-${seq}`,
    timestamp: ms,
    fields: [{ name: 'msg', value: { text, size: new TextEncoder().encode(text).length } }],
    format: 'ucloud',
    value,
  };
}

export function status(over: Partial<ConnectionStatus> = {}): ConnectionStatus {
  return { state: 'ready', url: 'redis://127.0.0.1:6379', embedded: false, redisVersion: '7.0.15', ...over };
}

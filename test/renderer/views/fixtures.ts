// Contract-shaped sample data for the feature views' renderer tests.
import type { FlowGroup, FlowInstance, FlowSnapshot, HostedInstance, InstanceInfo, InstanceMetrics } from '../../../shared';

export const metrics = (over: Partial<InstanceMetrics> = {}): InstanceMetrics => ({
  deliveredPerSec: 10,
  ackedPerSec: 9,
  inFlight: 1,
  share: 0.5,
  publishToDeliverMs: { p50: 3, p95: 8, p99: 12, count: 100 },
  deliverToAckMs: null,
  ...over,
});

export const instance = (name: string, over: Partial<InstanceInfo> = {}): InstanceInfo => ({
  name,
  pending: 2,
  idleMs: 150,
  inactiveMs: null,
  presence: 'live',
  mode: { kind: 'immediate', concurrency: 4 },
  host: 'box',
  pid: 1,
  startedAt: 0,
  lastSeenAt: 0,
  hostedId: null,
  metrics: metrics(),
  ...over,
});

export const hosted = (id: string, instanceName: string, over: Partial<HostedInstance> = {}): HostedInstance => ({
  id,
  stream: 'orders',
  group: 'billing',
  instance: instanceName,
  mode: { kind: 'immediate', concurrency: 1 },
  processingDelayMs: 0,
  failureRate: 0,
  ackMode: 'auto',
  state: 'running',
  delivered: 0,
  acked: 0,
  failed: 0,
  inFlight: 3,
  ...over,
});

export const flowInstance = (name: string, deliveredPerSec: number, over: Partial<FlowInstance> = {}): FlowInstance => ({
  instance: name,
  presence: 'live',
  deliveredPerSec,
  ackedPerSec: deliveredPerSec,
  inFlight: 0,
  share: 0,
  hosted: false,
  ...over,
});

export const flowGroup = (group: string, instances: FlowInstance[], over: Partial<FlowGroup> = {}): FlowGroup => {
  const total = instances.reduce((n, i) => n + i.deliveredPerSec, 0);
  return {
    group,
    deliveredPerSec: total,
    lag: 0,
    pending: 0,
    oldestPendingMs: null,
    instances: instances.map((i) => ({ ...i, share: total ? i.deliveredPerSec / total : 0 })),
    ...over,
  };
};

export const snapshot = (stream: string, at: number, groups: FlowGroup[], over: Partial<FlowSnapshot> = {}): FlowSnapshot => ({
  stream,
  at,
  producedPerSec: 100,
  length: 1000,
  groups,
  ...over,
});

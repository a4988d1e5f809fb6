// Messages between the bench and its traffic process (bench/ui/traffic.ts).
export interface TrafficJob {
  redis: string;
  /** XADD to one stream (UCloud format) or round-robin to several, or PUBLISH round-robin to a few channels. */
  target: { kind: 'stream'; stream: string } | { kind: 'streams'; streams: string[] } | { kind: 'publish'; channels: string[] };
  perSecond: number;
  seconds: number;
}

export type TrafficParentMessage = { type: 'start' };

export interface TrafficReport {
  sent: number;
  seconds: number;
  /** Most events the pacer was ever behind schedule (0 = it kept up). */
  maxBehind: number;
}

export type TrafficChildMessage = { type: 'ready' } | { type: 'done'; report: TrafficReport } | { type: 'error'; message: string };

// The runtime allow-lists: the only method and event names a transport will carry. A static list,
// so the sandboxed preload (which bundles the IPC transport) carries no schema library; shared/api.ts
// checks at compile time that it names exactly the methods the schemas validate and the events the
// contract pushes.

export const METHOD_NAMES = [
  'connection.status',
  'connection.connect',
  'profiles.list',
  'profiles.save',
  'profiles.delete',
  'streams.list',
  'streams.detail',
  'entries.page',
  'entries.tail',
  'entries.untail',
  'entries.republish',
  'entries.journey',
  'entries.value',
  'entries.newer',
  'groups.list',
  'groups.create',
  'groups.delete',
  'groups.setPosition',
  'consumers.list',
  'consumers.delete',
  'pending.list',
  'pending.ack',
  'pending.claim',
  'pending.autoClaim',
  'pending.ackDeleted',
  'deadLetters.list',
  'deadLetters.replay',
  'publish.event',
  'publish.broadcast',
  'publish.start',
  'publish.cancel',
  'publish.jobs',
  'instances.join',
  'instances.list',
  'instances.pause',
  'instances.resume',
  'instances.crash',
  'instances.leave',
  'broadcast.channels',
  'broadcast.subscribe',
  'broadcast.unsubscribe',
  'broadcast.measureRates',
  'broadcast.stopRates',
  'prune.preview',
  'prune.run',
  'flow.watch',
  'flow.unwatch',
  'flow.timeline',
  'flow.history',
  'transfer.export',
  'transfer.read',
  'transfer.import',
  'transfer.write',
  'transfer.cancel',
  'transfer.jobs',
  'transfer.entry',
  'transfer.limits',
  'alerts.status',
  'alerts.setRules',
  'alerts.check',
  'alerts.clearHistory',
  'demo.start',
  'demo.stop',
  'demo.status',
] as const;

export const EVENT_NAMES = [
  'connection.state',
  'entries.appended',
  'broadcast.messages',
  'broadcast.gap',
  'publish.progress',
  'instances.changed',
  'flow.tick',
  'membership.changed',
  'demo.changed',
  'transfer.progress',
  'alerts.changed',
] as const;

export type ListedMethod = (typeof METHOD_NAMES)[number];
export type ListedEvent = (typeof EVENT_NAMES)[number];

export const METHODS: ReadonlySet<string> = new Set<string>(METHOD_NAMES);
export const EVENTS: ReadonlySet<string> = new Set<string>(EVENT_NAMES);

export const isMethod = (name: unknown): name is ListedMethod => typeof name === 'string' && METHODS.has(name);
export const isEvent = (name: unknown): name is ListedEvent => typeof name === 'string' && EVENTS.has(name);

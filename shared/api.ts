// The contract: every method the UI can call (`area.verb`) and every event the main side pushes
// (`area.noun`). Both transports serve exactly this; the renderer knows nothing else.
import type * as D from './dto';
import type { AlertStatus } from './alerts';
import type { MetricsSnapshot } from './metrics';
import type { FilterJob, SavedFilter, StreamDecoderSetting } from './decoding';
import type { ValueBytes } from './value-bytes';
import type { ListedEvent, ListedMethod } from './methods';
import type { ArgsIn, MethodName } from './schemas';
import type { ExportedEntry } from './transfer-format';

export { EVENTS, METHODS, isEvent, isMethod } from './methods';

export interface Results {
  'connection.status': D.ConnectionStatus;
  'connection.connect': D.ConnectionStatus;
  'profiles.list': D.ConnectionProfile[];
  'profiles.save': D.ConnectionProfile;
  'profiles.delete': { deleted: boolean };
  'profiles.export': { json: string; connections: number };
  'profiles.import': D.ProfilesImportReport;
  'profiles.secrets': D.SecretStorageInfo;
  'profiles.chooseFile': { path: string | null };
  'connection.trustHostKey': { trusted: true };

  'streams.list': D.StreamPage;
  'streams.detail': D.StreamDetail;

  'entries.page': D.EntryPage;
  'entries.tail': { tailId: string };
  'entries.untail': { stopped: boolean };
  'entries.republish': { id: string };
  'entries.journey': D.JourneyStep[];
  'entries.value': D.ValueChunk;
  'entries.newer': D.NewerEntries;

  'groups.list': D.GroupInfo[];
  'groups.create': { created: boolean };
  'groups.delete': { deleted: boolean };
  'groups.setPosition': { ok: true };

  'consumers.list': D.InstanceInfo[];
  'consumers.delete': { pendingDropped: number };

  'pending.list': D.PendingPage;
  'pending.ack': { acked: number };
  'pending.claim': { claimed: string[] };
  'pending.autoClaim': { claimed: string[]; deleted: string[] };
  /** `scanned` pending ids were checked; `complete` when that was the whole list (else call again). */
  'pending.ackDeleted': { acked: number; scanned: number; complete: boolean };

  'deadLetters.list': { entries: D.DeadLetter[]; next: string | null; length: number };
  'deadLetters.replay': { replayed: number };

  'publish.event': { id: string };
  /** `receivers` leaves out the console's own rate subscription; `ownExcluded` says how many it left out. */
  'publish.broadcast': { receivers: number; ownExcluded?: number };
  'publish.start': D.PublishJob;
  'publish.cancel': D.PublishJob;
  'publish.jobs': D.PublishJob[];

  'instances.join': D.HostedInstance;
  'instances.list': D.HostedInstance[];
  'instances.pause': D.HostedInstance;
  'instances.resume': D.HostedInstance;
  'instances.crash': D.HostedInstance;
  'instances.leave': D.HostedInstance;

  'broadcast.channels': D.BroadcastChannel[];
  'broadcast.subscribe': { subscriptionId: string };
  'broadcast.unsubscribe': { stopped: boolean };
  'broadcast.measureRates': { measureId: string };
  'broadcast.stopRates': { stopped: boolean };

  'prune.preview': D.PrunePreview;
  'prune.run': D.PruneResult;

  'flow.watch': D.FlowSnapshot;
  'flow.unwatch': { stopped: boolean };
  'flow.timeline': D.MembershipEvent[];
  'flow.history': D.FlowHistory;

  'transfer.export': D.ExportJob;
  'transfer.read': D.TransferChunk;
  'transfer.import': D.ImportJob;
  'transfer.write': D.ImportJob;
  'transfer.cancel': D.TransferJob;
  'transfer.jobs': D.TransferJob[];
  'transfer.entry': ExportedEntry;
  'transfer.limits': D.TransferLimits;

  'alerts.status': AlertStatus;
  'alerts.setRules': AlertStatus;
  'alerts.check': AlertStatus;
  'alerts.clearHistory': AlertStatus;
  'metrics.snapshot': MetricsSnapshot;

  'demo.start': D.DemoStatus;
  'demo.stop': D.DemoStatus;
  'demo.status': D.DemoStatus;

  'decoders.get': StreamDecoderSetting;
  'decoders.set': StreamDecoderSetting;
  'decoders.encode': { value: ValueBytes; decoder: string };
  'filters.list': SavedFilter[];
  'filters.save': SavedFilter[];
  'filters.delete': { deleted: boolean };
  'filters.start': FilterJob;
  'filters.cancel': FilterJob;
  'filters.results': { job: FilterJob; entries: D.StreamEntry[] };
}

// Compile-time checks that Results, the schemas and the static allow-list name the same methods.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameMethods: Same<keyof Results, MethodName> = true;
const _listedMethods: Same<ListedMethod, MethodName> = true;
void _sameMethods;
void _listedMethods;

export type Api = { [M in MethodName]: { args: ArgsIn<M>; result: Results[M] } };

/** Pushed events. Live feeds are coalesced: each payload carries a batch, sent about every 100 ms. */
export interface Events {
  'connection.state': D.ConnectionStatus;
  /** `dropped`: entries of this tail that never reached this page (it fell behind); they are still in the stream. */
  'entries.appended': { tailId: string; stream: string; entries: D.StreamEntry[]; dropped: number };
  /** `dropped`: messages that never reached this page (the console or the connection fell behind). */
  'broadcast.messages': { messages: D.BroadcastMessage[]; dropped: number };
  'broadcast.gap': D.BroadcastGap;
  'publish.progress': D.PublishJob;
  'instances.changed': D.HostedInstance[];
  'flow.tick': D.FlowSnapshot[];
  'membership.changed': D.MembershipEvent[];
  'demo.changed': D.DemoStatus;
  'transfer.progress': D.TransferJob;
  /** Alerts fired or resolved, rules changed, history cleared: console-wide. */
  'alerts.changed': AlertStatus;
  'filters.progress': FilterJob;
}
export type EventName = keyof Events;

// Compile-time check that the static allow-list names exactly the pushed events.
const _listedEvents: Same<ListedEvent, EventName> = true;
void _listedEvents;

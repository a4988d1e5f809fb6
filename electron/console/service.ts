// The console service: resolves which Redis to use (redis-target.ts: URL, REDIS_URL, saved profile,
// or the embedded default), owns the connection, builds the areas, and exposes the single
// `dispatch` both transports serve plus the pushed events.
import type { Events, EventName } from '../../shared/api';
import type { ConnectionStatus } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import { alertRuleStores } from './alert-rule-stores';
import { createAlertsArea, type AlertNotifier, type AlertOptions } from './alerts';
import { createBroadcastArea } from './broadcast';
import { BroadcastRates } from './broadcast-rates';
import { createConnectionArea, type ChooseFile } from './connection';
import { Callers, type ConsoleConnection, type EventSink } from './callers';
import type { Area, ConsoleContext, Handlers } from './context';
import { createDispatch, type Dispatch } from './dispatch';
import { startEmbeddedRedis, type EmbeddedRedis } from './embedded-redis';
import { createEntriesArea } from './entries';
import { createGroupsArea } from './groups';
import { createPendingArea } from './pending';
import { MemoryKnownHosts, type KnownHosts } from './known-hosts';
import { MemoryProfileStore, type ProfileStore } from './profiles';
import { createPublishArea } from './publish';
import { createDeadLettersArea } from './dead-letters';
import { createDemoArea } from './demo';
import { createFlowArea } from './flow';
import { FLOW_HISTORY_LIMITS } from './flow-history';
import { LagCounter } from './group-lag';
import { createInstancesArea } from './instances';
import { createJourneyArea } from './journey';
import { createMetricsArea } from './metrics';
import { Observations } from './observations';
import { createPruneArea } from './prune';
import { redactUrl } from './redact';
import { RedisConnection } from './redis-connection';
import { resolveTarget, type TargetSources } from './redis-target';
import { createStreamsArea } from './streams';
import { createTransferArea, type TransferOptions } from './transfer';
import { redisKey } from './redis-key';
import { keyNameFromBytes } from '../../shared/key-name';
import { createFiltersArea } from './filters';
import { StreamSettings } from './stream-settings';

export interface ConsoleOptions {
  /** Redis URL to use; otherwise REDIS_URL, otherwise the embedded default. */
  redis?: string;
  /** Saved profile to connect with at start (when no URL is given). */
  profileId?: string;
  profilesStore?: ProfileStore;
  /** The desktop app's open dialog for key and certificate files (web mode types paths). */
  chooseFile?: ChooseFile;
  /** SSH host keys the user confirmed (default: remembered until the process ends). */
  knownHosts?: KnownHosts;
  /** Allow starting a private redis-server when nothing answers (default true). */
  embedded?: boolean;
  /** Where the embedded default looks for a running Redis first (default 127.0.0.1:6379). */
  defaultRedis?: { host: string; port: number };
  /** redis-server binary for the embedded default (default `redis-server` from PATH). */
  redisServerBinary?: string;
  env?: Record<string, string | undefined>;
  /** Export/import: the desktop app's save dialog, and how long an unattended job may wait. */
  transfer?: TransferOptions;
  /** Alerts: desktop notifications (the Electron shell's) and the check interval. */
  alerts?: { notify?: AlertNotifier; intervalMs?: number };
  /**
   * Problems the console says but does not stop for (an area that failed to close, a profile's
   * last-used time not recorded). Default: console.error.
   */
  report?: (problem: string) => void;
}

export type ConsoleEventListener = (event: EventName, payload: Events[EventName]) => void;

export interface ConsoleService {
  /** A page's connection (what transports use): console-wide events and the feeds it started go to `sink`. */
  connect(sink: EventSink): ConsoleConnection;
  /** A call outside any page's connection (tests, in-process use); feeds it starts reach `onEvent` observers only. */
  dispatch: Dispatch;
  /** Every pushed event, every connection's feeds included: for in-process observers (tests, benchmarks). */
  onEvent(listener: ConsoleEventListener): () => void;
  close(): Promise<void>;
}

/** Every area, in dependency order (closed in reverse, so the demo goes before its instances). */
export function buildAreas(
  ctx: ConsoleContext,
  transfer: TransferOptions = {},
  alerts: AlertOptions = {},
  settings: StreamSettings = new StreamSettings(null, () => undefined),
): Area[] {
  const observations = new Observations(ctx);
  const instances = createInstancesArea(ctx, observations);
  // One cache and one cost budget for every view that shows lag.
  const lag = new LagCounter();
  // One broadcast rate measurement: the Broadcast view reads it, publishing takes its subscription out of receiver counts.
  const rates = new BroadcastRates(ctx);
  return [
    { handlers: {}, close: () => observations.close() },
    createStreamsArea(ctx, lag),
    createEntriesArea(ctx, settings),
    createJourneyArea(ctx, observations),
    createPendingArea(ctx),
    createDeadLettersArea(ctx),
    createPublishArea(ctx, rates),
    createBroadcastArea(ctx, rates),
    instances,
    createGroupsArea(ctx, instances, lag, observations),
    createPruneArea(ctx),
    createFlowArea(ctx, observations, instances, FLOW_HISTORY_LIMITS, lag),
    createDemoArea(ctx, instances),
    createTransferArea(ctx, transfer, settings),
    createAlertsArea(ctx, lag, alerts),
    createMetricsArea(ctx, lag, instances),
    createFiltersArea(ctx, settings),
  ];
}

export async function createConsole(opts: ConsoleOptions = {}): Promise<ConsoleService> {
  const env = opts.env ?? process.env;
  const profiles = opts.profilesStore ?? new MemoryProfileStore();
  const knownHosts = opts.knownHosts ?? new MemoryKnownHosts();
  const report = opts.report ?? ((problem: string) => console.error(`Streamscope: ${problem}`));
  let handlers: Handlers = {};
  const callers = new Callers(
    createDispatch(
      () => handlers,
      undefined,
      () => connection?.target.safety?.readOnly === true,
    ),
  );
  let feeds = callers.routes();
  let connection: RedisConnection | null = null;
  let embedded: EmbeddedRedis | null = null;
  let offline: ConnectionStatus = { state: 'connecting', url: '', embedded: false };
  let areas: Area[] = [];
  let closed = false;
  let switching: Promise<unknown> = Promise.resolve();

  // Console-wide state (connection, hosted instances, demo, publish jobs, membership): every page
  // shows it. Live feeds go through `feeds` instead, to the pages that follow them.
  const emit = <E extends EventName>(event: E, payload: Events[E]) => callers.broadcast(event, payload);

  const live = (): RedisConnection => {
    if (!connection) throw new ContractError('not_connected', `Redis is not connected${offline.reason ? `: ${offline.reason}` : ''}`);
    return connection;
  };

  const prefix = () => connection?.target.keyPrefix ?? '';
  const ctx: Omit<ConsoleContext, 'feeds'> = {
    redis: () => live().command(),
    duplicate: (connectionName) => live().duplicate(connectionName),
    release: (c) => (connection ? connection.release(c) : c.disconnect()),
    redisUrl: () => live().url(),
    redisOptions: () => live().options(),
    key: (name) => redisKey(prefix() + name),
    name: (key) => {
      const name = typeof key === 'string' ? key : keyNameFromBytes(key);
      return prefix() && name.startsWith(prefix()) ? name.slice(prefix().length) : name;
    },
    emit,
  };

  // Said alongside the state of the connection it concerns, until the next connect.
  let notice: string | undefined;
  const withNotice = (s: ConnectionStatus): ConnectionStatus => (notice ? { ...s, notice } : s);
  const status = (): ConnectionStatus => (connection ? withNotice(connection.status()) : offline);

  const setOffline = (next: ConnectionStatus) => {
    offline = next;
    emit('connection.state', next);
  };

  const targetSources: TargetSources = {
    opts,
    env,
    profiles,
    knownHosts,
    embedded: async () => (embedded ??= await startEmbeddedRedis(opts.redisServerBinary)),
    unavailable: setOffline,
  };

  const retireAreas = async () => {
    feeds.retire();
    const old = areas;
    areas = [];
    handlers = connectionHandlers;
    await closeAreas(old, report);
  };

  const ruleStoreFor = alertRuleStores(profiles);
  // Per-stream decoders and saved filters: in the profile in use, else in memory for this console.
  const streamSettings = new StreamSettings(profiles, () => connection?.target.profileId);

  const rebuild = () => {
    // Each generation of areas has its own feed routes, retired with it (see Callers.routes).
    feeds = callers.routes();
    areas = buildAreas({ ...ctx, feeds }, opts.transfer, { ...opts.alerts, store: ruleStoreFor(connection?.target) }, streamSettings);
    handlers = mergeHandlers([...areas.map((a) => a.handlers), connectionHandlers]);
  };

  const connect = (request: { url?: string; profileId?: string }) => {
    const work = switching.then(async () => {
      await retireAreas();
      await connection?.close();
      connection = null;
      notice = undefined;
      setOffline({ state: 'connecting', url: request.url ? redactUrl(request.url) : '', embedded: false });
      const target = await resolveTarget(request, targetSources);
      if (embedded && !target?.embedded) {
        await embedded.stop();
        embedded = null;
      }
      if (closed) return status();
      if (!target) {
        rebuild(); // every call now answers not_connected with the reason, instead of 'not implemented'
        return status();
      }
      const next = new RedisConnection(target, (s) => emit('connection.state', withNotice(s)));
      connection = next;
      await next.open();
      if (target.profileId && next.status().state === 'ready') {
        // The dialog's "last used" and the next start's offer to reopen it; a failure to record it
        // leaves the connection as it is (it still counts as connected) and is said in the status.
        await profiles.markConnected(target.profileId, Date.now()).catch((e: Error) => {
          report(`could not record when profile ${target.profileId} last connected: ${e.message}`);
          notice = `Connected, but could not record when this connection was last used (${e.message}); "last used" and reopening the last session may be out of date.`;
          if (connection === next) emit('connection.state', status());
        });
      }
      rebuild();
      return status();
    });
    switching = work.catch(() => undefined);
    return work;
  };

  const connectionHandlers = createConnectionArea({ status, connect }, profiles, knownHosts, opts.chooseFile).handlers;
  handlers = connectionHandlers;
  await connect({});

  return {
    connect: (sink) => callers.connect(sink),
    dispatch: (method, args) => callers.dispatchLocal(method, args),
    onEvent: (listener) => callers.observe(listener),
    close: async () => {
      if (closed) return;
      closed = true;
      await switching;
      await retireAreas();
      await connection?.close();
      connection = null;
      await embedded?.stop();
      embedded = null;
      callers.clear();
    },
  };
}

/**
 * Closes every area, last built first (so the demo goes before its instances). One that fails to
 * close is reported by the area its methods name, and the others are still closed.
 */
export async function closeAreas(areas: Area[], report: (problem: string) => void): Promise<void> {
  for (const area of [...areas].reverse()) {
    try {
      await area.close?.();
    } catch (error) {
      const methods = Object.keys(area.handlers);
      const which = methods.length > 0 ? `the ${methods[0].split('.')[0]} area` : 'an area without methods';
      report(`closing ${which} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** One handler map from the areas'; a method served by two areas is a wiring mistake, refused at start. */
export function mergeHandlers(maps: Handlers[]): Handlers {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [method, handler] of Object.entries(map)) {
      if (method in merged) throw new Error(`two console areas serve ${method}; each method has one handler`);
      merged[method] = handler;
    }
  }
  return merged;
}

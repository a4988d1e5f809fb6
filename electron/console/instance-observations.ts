// What a hosted instance's engine says, kept by the console: each entry's journey steps
// (delivered, acked, failed, retried, dead-lettered, claimed), the instance's joins and leaves on
// its stream's timeline, and its errors, counted on the instance and put on the timeline.
import type { HostedInstance, JourneyStep } from '../../shared/dto';
import type { EngineEvents, EventStreamService } from '../engine';
import type { Observations } from './observations';

/** An instance's errors of one kind reach its timeline at most this often (the count stays exact). */
const TIMELINE_ERROR_EVERY_MS = 10_000;

/** Journey steps and membership events of the instance `service` hosts; `name` turns a key back into its stream's name. */
export function observeEngine(service: EventStreamService, observations: Observations, name: (key: string) => string): void {
  const on = <K extends keyof EngineEvents>(event: K, fn: (e: EngineEvents[K]) => void) => service.events.on(event, fn);
  /** An engine event about one entry becomes a step of that entry's journey. */
  const journey = <K extends 'delivered' | 'acked' | 'failed' | 'retried' | 'deadLettered'>(
    event: K,
    kind: JourneyStep['kind'],
    detail: (e: EngineEvents[K]) => string,
  ) =>
    on(event, (e) => observations.step(name(e.stream), e.id, { at: e.at, kind, group: e.group, instance: e.instance, detail: detail(e) }));
  journey('delivered', 'delivered', (e) => `delivery ${e.deliveryCount}`);
  journey('acked', 'acked', (e) => `handler took ${e.handlerMs} ms`);
  journey('failed', 'failed', (e) => e.error);
  journey('retried', 'retried', (e) => `retry in ${e.delayMs} ms`);
  journey('deadLettered', 'dead-lettered', (e) => e.reason);
  on('claimed', (e) => {
    for (const id of e.ids)
      observations.step(name(e.stream), id, {
        at: e.at,
        kind: 'claimed',
        group: e.group,
        instance: e.instance,
        ...(e.from ? { detail: `from ${e.from}` } : {}),
      });
  });
  on('instanceJoined', (e) =>
    observations.member({
      at: e.at,
      stream: name(e.stream),
      group: e.group,
      instance: e.instance,
      kind: 'joined',
      detail: 'hosted by this console',
    }),
  );
  on('instanceLeft', (e) =>
    observations.member({
      at: e.at,
      stream: name(e.stream),
      group: e.group,
      instance: e.instance,
      kind: e.reason === 'crash' ? 'crashed' : 'left',
    }),
  );
}

/**
 * The engine's errors for this instance (its service hosts only it): counted with the latest on
 * the instance (`changed` says so), and on its timeline once per kind per TIMELINE_ERROR_EVERY_MS
 * with how many of the kind came in between.
 */
export function observeErrors(service: EventStreamService, info: HostedInstance, observations: Observations, changed: () => void): void {
  const onTimeline = new Map<string, { at: number; held: number }>();
  service.events.on('error', (e) => {
    info.errors = { count: (info.errors?.count ?? 0) + 1, last: { at: e.at, context: e.context, message: e.error } };
    changed();
    const kind = onTimeline.get(e.context);
    if (kind && e.at - kind.at < TIMELINE_ERROR_EVERY_MS) {
      kind.held++;
      return;
    }
    const held = kind?.held ? ` (+${kind.held} more since the previous one shown)` : '';
    onTimeline.set(e.context, { at: e.at, held: 0 });
    observations.member({
      at: e.at,
      stream: info.stream,
      group: info.group,
      instance: info.instance,
      kind: 'error',
      detail: `${e.context}: ${e.error}${held}`,
    });
  });
}

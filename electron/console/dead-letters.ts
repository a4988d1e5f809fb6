// The dead-letter stream of a stream (`<stream>.dead-letter`, written by the engine): listed and
// replayed onto the original stream.
import { readDeadLetters, replayDeadLetters } from '../engine';
import type { Area, ConsoleContext } from './context';
import { textKey } from './redis-key';

export function createDeadLettersArea(ctx: ConsoleContext): Area {
  return {
    handlers: {
      'deadLetters.list': async ({ stream, count, from }) => {
        const page = await readDeadLetters(ctx.redis(), textKey(ctx, stream, 'dead letters'), { count, ...(from ? { from } : {}) });
        return { ...page, entries: page.entries.map((e) => ({ ...e, stream: ctx.name(e.stream) })) };
      },
      'deadLetters.replay': async ({ stream, ids, remove }) => {
        const { replayed } = await replayDeadLetters(ctx.redis(), textKey(ctx, stream, 'dead letters'), ids, { remove });
        return { replayed };
      },
    },
  };
}

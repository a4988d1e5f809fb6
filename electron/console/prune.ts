// Prune preview and run, with the engine's policies (max length, max age) and safe mode.
import { previewPrune, prune } from '../engine';
import type { Area, ConsoleContext } from './context';

export function createPruneArea(ctx: ConsoleContext): Area {
  return {
    handlers: {
      'prune.preview': async ({ stream, policy, safe }) => ({
        ...(await previewPrune(ctx.redis(), ctx.key(stream), policy, { safe })),
        stream,
      }),
      'prune.run': async ({ stream, policy, safe }) => ({
        ...(await prune(ctx.redis(), ctx.key(stream), policy, { safe })),
        stream,
      }),
    },
  };
}

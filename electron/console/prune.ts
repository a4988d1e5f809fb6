// Prune preview and run, with the engine's policies (max length, max age) and safe mode.
import { previewPrune, prune } from '../engine';
import { ContractError } from '../../shared/reply';
import type { Area, ConsoleContext } from './context';

export function createPruneArea(ctx: ConsoleContext): Area {
  const existing = async (stream: string) => {
    const key = ctx.key(stream);
    if ((await ctx.redis().exists(key)) === 0) throw new ContractError('not_found', `stream ${JSON.stringify(stream)} does not exist`);
    return key;
  };
  return {
    handlers: {
      'prune.preview': async ({ stream, policy, safe }) => ({
        ...(await previewPrune(ctx.redis(), await existing(stream), policy, { safe })),
        stream,
      }),
      'prune.run': async ({ stream, policy, safe }) => ({
        ...(await prune(ctx.redis(), await existing(stream), policy, { safe })),
        stream,
      }),
    },
  };
}

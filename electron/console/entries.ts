// Entries of one stream as the contract serves them: a page (entry-page.ts), a live tail
// (entry-tail.ts), the count of newer entries, a large value in chunks, and re-publish with the
// exact bytes. Values are decoded with the decoder a call names, else the stream's remembered one.
import { ContractError } from '../../shared/reply';
import type { DecoderSpec } from '../../shared/decoding';
import { valueFromBytes } from '../../shared/value-bytes';
import { DEFAULT_MAXLEN } from '../engine';
import type { Area, ConsoleContext } from './context';
import { checkSpec } from './decoders';
import { asBuffer, type BinaryEntry } from './entry-format';
import { countNewer, readPage } from './entry-page';
import { createTails } from './entry-tail';
import type { StreamSettings } from './stream-settings';

/** UCloud's approximate cap on every produce (XADD … MAXLEN ~). */
export const PRODUCE_MAXLEN = DEFAULT_MAXLEN;

export function createEntriesArea(ctx: ConsoleContext, settings?: StreamSettings): Area {
  /** The decoder a page asked for, else the stream's remembered one; none means values are not decoded. */
  const decoderFor = async (stream: string, asked: DecoderSpec | undefined): Promise<DecoderSpec | null> => {
    if (asked) {
      checkSpec(asked);
      return asked;
    }
    return (await settings?.decoder(stream)) ?? null;
  };

  const tails = createTails(ctx);

  /** One entry with every byte, or not_found. */
  const readOne = async (stream: string, id: string): Promise<BinaryEntry> => {
    const [entry] = await ctx.redis().xrangeBuffer(ctx.key(stream), id, id);
    if (!entry) throw new ContractError('not_found', `entry ${id} not found in stream ${JSON.stringify(stream)}`);
    return entry;
  };

  return {
    handlers: {
      'entries.page': async ({ stream, decoder, ...query }) =>
        readPage(ctx.redis(), ctx.key(stream), query, await decoderFor(stream, decoder)),

      'entries.tail': async ({ stream, decoder }, caller) => ({
        tailId: await tails.start(stream, await decoderFor(stream, decoder), caller),
      }),

      'entries.untail': async ({ tailId }) => ({ stopped: await tails.stop(tailId) }),

      'entries.republish': async ({ stream, id, toStream }) => {
        const [, flat] = await readOne(stream, id);
        const newId = await ctx.redis().xadd(ctx.key(toStream ?? stream), 'MAXLEN', '~', PRODUCE_MAXLEN, '*', ...flat);
        return { id: String(newId) };
      },

      'entries.value': async ({ stream, id, field, offset, length }) => {
        const [, flat] = await readOne(stream, id);
        const fields = flat.length >> 1;
        if (field >= fields)
          throw new ContractError(
            'not_found',
            `entry ${id} has ${fields} field${fields === 1 ? '' : 's'}; there is no field number ${field} (0-based)`,
          );
        const value = asBuffer(flat[2 * field + 1]);
        if (offset > value.length)
          throw new ContractError('invalid_args', `offset ${offset} is past the end of the value (${value.length} bytes)`);
        return { offset, size: value.length, chunk: valueFromBytes(value.subarray(offset, offset + length)) };
      },

      'entries.newer': async ({ stream, after, limit }) => countNewer(ctx.redis(), ctx.key(stream), after, limit),
    },
    close: () => tails.stopAll(),
  };
}

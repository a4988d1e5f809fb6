// The dead-letter stream of a stream (`<stream>.dead-letter`, written by the engine): listed with
// the original entry's exact bytes (ValueBytes: text when UTF-8, base64 otherwise) and replayed
// onto the original stream byte for byte (the engine copies the stored fields; nothing here
// re-encodes them).
import type { DeadLetter } from '../../shared/dto';
import { valueFromBytes } from '../../shared/value-bytes';
import { readDeadLetters, replayDeadLetters, type DeadLetterRecord } from '../engine';
import type { Area, ConsoleContext } from './context';
import { textKey } from './redis-key';

/** Bytes of each value a list carries (a page holds up to 1,000 dead letters). */
export const DEAD_LETTER_PREVIEW_BYTES = 4096;
/** Fields carried per dead letter; `fieldCount` tells how many the entry has. */
export const DEAD_LETTER_MAX_FIELDS = 32;

export function toDeadLetter(record: DeadLetterRecord, streamName: (key: string) => string): DeadLetter {
  const { fields, payload: _text, ...context } = record;
  const preview = (bytes: Buffer) => valueFromBytes(bytes, DEAD_LETTER_PREVIEW_BYTES);
  return {
    ...context,
    stream: streamName(record.stream),
    payload: preview(fields[0]?.[1] ?? Buffer.alloc(0)),
    fields: fields.slice(0, DEAD_LETTER_MAX_FIELDS).map(([name, value]) => ({ name: preview(name), value: preview(value) })),
    fieldCount: fields.length,
  };
}

export function createDeadLettersArea(ctx: ConsoleContext): Area {
  return {
    handlers: {
      'deadLetters.list': async ({ stream, count, from }) => {
        const page = await readDeadLetters(ctx.redis(), textKey(ctx, stream, 'dead letters'), { count, ...(from ? { from } : {}) });
        return { ...page, entries: page.entries.map((e) => toDeadLetter(e, (key) => ctx.name(key))) };
      },
      'deadLetters.replay': async ({ stream, ids, remove }) => {
        const { replayed } = await replayDeadLetters(ctx.redis(), textKey(ctx, stream, 'dead letters'), ids, { remove });
        return { replayed };
      },
    },
  };
}

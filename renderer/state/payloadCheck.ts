// Live checks of a payload being typed, the same for every publish form: is it JSON (after the
// template's {{…}} are filled in, for templates), and how big is it against the contract's limit.
// The limit is shown before it is reached, not discovered by a refused send.
import { MAX_JSON_BYTES, utf8ByteLength } from '../../shared';
import { formatBytes, formatCount } from './format';
import { renderTemplate } from '../../shared/templates';

export interface PayloadCheck {
  /** UTF-8 bytes of the payload (of message 1, for a template). */
  bytes: number;
  limitBytes: number;
  /** Why it cannot be sent, as a sentence; null when it can. */
  problem: string | null;
}

const SAMPLE_UUID = '00000000-0000-4000-8000-000000000000';

export function checkPayload(text: string, opts: { template?: boolean } = {}): PayloadCheck {
  const json = opts.template ? renderTemplate(text, 1, 0, () => SAMPLE_UUID) : text;
  const bytes = utf8ByteLength(json);
  const at = { bytes, limitBytes: MAX_JSON_BYTES };
  if (json.trim() === '') return { ...at, problem: 'The payload is empty: write a JSON value.' };
  if (bytes > MAX_JSON_BYTES)
    return {
      ...at,
      problem: `The payload is ${formatCount(bytes)} bytes, over the ${formatBytes(MAX_JSON_BYTES)} limit (${formatCount(MAX_JSON_BYTES)} bytes).`,
    };
  try {
    JSON.parse(json);
  } catch (e) {
    return { ...at, problem: `The payload is not valid JSON: ${(e as Error).message}.` };
  }
  return { ...at, problem: null };
}

// How an entry reads: one line for the list (UCloud's msg JSON, other entries as `name=value …`),
// one value as text or hex, field names with their escapes, and the server's text filter applied
// to live-tail entries, which arrive unfiltered (shared/entry-filter.ts).
import { displayKeyName, valueToBytes, type EntryField, type StreamEntry, type ValueBytes } from '../../shared';
import { textFilterMatches } from '../../shared/entry-filter';

/** A field name as shown: escaped bytes as \xNN, the empty name named as such. */
export function fieldNameText(field: Pick<EntryField, 'name' | 'nameSize'>): string {
  if (field.name === '') return '(empty name)';
  return displayKeyName(field.name) + (field.nameSize !== undefined ? '…' : '');
}

/** Bytes as lowercase hex pairs separated by spaces. */
export function bytesHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i ? ' ' : '') + bytes[i].toString(16).padStart(2, '0');
  return out;
}

/** Bytes that are not UTF-8 as a short hex run (`0x ff fe 00 …`) for one line; text as it is. */
export function valueLine(value: ValueBytes, maxBytes = 48): string {
  if (value.text !== undefined) return value.text + (value.truncated ? '…' : '');
  const bytes = valueToBytes(value);
  return `0x ${bytesHex(bytes.subarray(0, maxBytes))}${bytes.length > maxBytes || value.truncated ? ' …' : ''}`;
}

/** One field's value on one line: its bytes as valueLine shows them, or its decoded JSON when only that travels. */
export function fieldLine(field: Pick<EntryField, 'value' | 'decoded' | 'rawLeftOut'>, maxBytes?: number): string {
  return field.rawLeftOut ? JSON.stringify(field.decoded?.value) : valueLine(field.value, maxBytes);
}

const lineOf = (text: string) => text.replace(/[\r\n\t]+/g, ' ');

/**
 * Text of the whole value for search: UTF-8 text, or the bytes read as UTF-8 leniently; the
 * decoded JSON of a value whose bytes did not travel (so that text is what a live entry is matched on).
 */
function searchable(field: EntryField): string {
  if (field.rawLeftOut) return JSON.stringify(field.decoded?.value);
  return field.value.text ?? new TextDecoder().decode(valueToBytes(field.value));
}

export function entryMatches(entry: StreamEntry, filter: string): boolean {
  return textFilterMatches(
    entry.fields.flatMap((f) => [f.name, searchable(f)]),
    filter,
  );
}

/** The fields as `name=value …` (all, or those not shown in their own columns). */
export function fieldsLine(fields: EntryField[], skip?: ReadonlySet<string>): string {
  const parts: string[] = [];
  for (const f of fields) if (!skip?.has(f.name)) parts.push(`${fieldNameText(f)}=${lineOf(fieldLine(f))}`);
  return parts.join(' ');
}

export function entryPreview(entry: StreamEntry, max = 300): string {
  let text: string;
  if ((entry.format === 'ucloud' || entry.format === 'json') && entry.value !== undefined) text = JSON.stringify(entry.value);
  else if ((entry.format === 'ucloud' || entry.format === 'json') && entry.fields.length === 1) text = lineOf(fieldLine(entry.fields[0]));
  else text = fieldsLine(entry.fields) + (entry.omittedFields ? ` … ${entry.omittedFields} more fields` : '');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The selected entry's decoded JSON as the JSON view shows and copies it; null when it has none. */
export function entryJson(entry: StreamEntry): string | null {
  return entry.value === undefined ? null : JSON.stringify(entry.value, null, 2);
}

// The export/import line format: one stream entry per NDJSON line, its id and its fields in order
// (duplicates kept), each field name as a key-name string (bytes that are not UTF-8 as escapes,
// shared/key-name.ts) and each value as ValueBytes (text when UTF-8, base64 otherwise), so an
// export written back is the same bytes. Browser-safe: the console writes and reads it, the
// renderer and the command line show it.
import { z } from 'zod';
import { keyNameProblem } from './key-name';
import { describeIssues, entryId, valueBytes } from './schemas';
import { valueToBytes, type ValueBytes } from './value-bytes';

export interface ExportedField {
  /** Field name; bytes that are not UTF-8 are escapes U+DC80–U+DCFF (shared/key-name.ts). */
  name: string;
  value: ValueBytes;
}

export interface ExportedEntry {
  /** Stream id `ms-seq`. On import it may be left out when the target gets new ids. */
  id: string;
  fields: ExportedField[];
}

/** Longest NDJSON line import accepts: a 16 MiB value in base64 with room for its fields. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

const lineField = z
  .object({
    name: z.string().superRefine((name, ctx) => {
      const problem = keyNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    value: valueBytes,
  })
  .strict();

const lineSchema = z
  .object({
    id: entryId.refine((id) => id.includes('-'), 'must be a full stream id like 1700000000000-0').optional(),
    fields: z.array(lineField).min(1, 'must hold at least one field (Redis entries have one or more)'),
  })
  .strict();

/** One parsed import line: the entry (id absent when the line had none) and its byte count. */
export interface ParsedLine {
  id?: string;
  fields: Array<{ name: string; value: Uint8Array }>;
  valueBytes: number;
}

/** An NDJSON line → the entry it describes, or the reason it cannot be written (without the line number). */
export function parseEntryLine(line: string): { entry: ParsedLine } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { problem: `not JSON (${(error as Error).message})` };
  }
  const parsed = lineSchema.safeParse(json);
  if (!parsed.success) return { problem: describeIssues(parsed.error, 'the line') };
  const fields: ParsedLine['fields'] = [];
  let valueBytes = 0;
  for (const [i, field] of parsed.data.fields.entries()) {
    const value = valueToBytes(field.value);
    if (field.value.size !== undefined && field.value.size !== value.length) {
      return { problem: `fields.${i}.value: size says ${field.value.size} bytes but it carries ${value.length}` };
    }
    valueBytes += value.length;
    fields.push({ name: field.name, value });
  }
  return { entry: { ...(parsed.data.id !== undefined ? { id: parsed.data.id } : {}), fields, valueBytes } };
}

/** An entry as its NDJSON line, newline included. */
export function entryLine(entry: ExportedEntry): string {
  return JSON.stringify(entry) + '\n';
}

/** The file name an export of `displayName` is offered under (characters file systems refuse become _). */
export function exportFileName(displayName: string, format: 'ndjson' | 'csv' | 'raw'): string {
  return `${displayName.replace(/[\\/:*?"<>|\s]+/g, '_')}.${format === 'raw' ? 'txt' : format}`;
}

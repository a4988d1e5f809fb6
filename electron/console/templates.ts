// Publish templates: {{uuid}} a fresh UUID, {{seq}} the 1-based message number, {{now}} the send
// time in ms since the epoch (a bare number, so it can stand unquoted in JSON).
import { randomUUID } from 'node:crypto';
import { ContractError } from '../../shared/reply';

export function renderTemplate(template: string, seq: number, now = Date.now()): string {
  return template.replace(/\{\{\s*(uuid|seq|now)\s*\}\}/g, (_, name: string) =>
    name === 'uuid' ? randomUUID() : name === 'seq' ? String(seq) : String(now),
  );
}

/** Throws `invalid_args` naming `field` when the text is not JSON. */
export function requireJson(text: string, field: string): void {
  try {
    JSON.parse(text);
  } catch (e) {
    throw new ContractError('invalid_args', `${field}: not valid JSON (${(e as Error).message})`);
  }
}

export function requireJsonTemplate(template: string): void {
  requireJson(renderTemplate(template, 1), 'template');
}

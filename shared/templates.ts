// Publish templates, rendered the same by the console (bulk sends) and the renderer (the preview
// and single sends): {{uuid}} a fresh UUID, {{seq}} the 1-based message number, {{now}} ms since
// the epoch (a bare number, so it can stand unquoted in JSON).
const PLACEHOLDER = /\{\{\s*(uuid|seq|now)\s*\}\}/g;

export const TEMPLATE_VARIABLES = ['{{uuid}}', '{{seq}}', '{{now}}'] as const;

function uuid(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function hasPlaceholders(template: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(template);
}

export function renderTemplate(template: string, seq: number, now = Date.now(), makeUuid: () => string = uuid): string {
  return template.replace(PLACEHOLDER, (_, name: string) => (name === 'uuid' ? makeUuid() : name === 'seq' ? String(seq) : String(now)));
}

/** Why the rendered template is not JSON, or null when it is. */
export function templateProblem(template: string): string | null {
  if (template.trim() === '') return 'Payload is empty: write a JSON value';
  try {
    JSON.parse(renderTemplate(template, 1, 0, () => '00000000-0000-4000-8000-000000000000'));
    return null;
  } catch (e) {
    return `Invalid JSON: ${(e as Error).message}`;
  }
}

// Publish templates on the console side: rendering is shared/templates.ts; here, the JSON checks
// that refuse a template or payload with the contract's error.
import { ContractError } from '../../shared/reply';
import { renderTemplate } from '../../shared/templates';

export { renderTemplate };

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

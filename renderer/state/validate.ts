// Inline form validation with the same schemas dispatch uses, so the UI and the main process
// never disagree about what is valid.
import type { z } from 'zod';

/** The first problem as "field: message", or null when the value is valid. */
export function firstProblem(schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value);
  if (result.success) return null;
  const issue = result.error.issues[0];
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

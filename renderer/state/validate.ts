// Inline form validation with the same schemas dispatch uses, so the UI and the main process
// never disagree about what is valid.
import type { z } from 'zod';

/** The first problem: the path of the field ("ssh.port", '' for the whole value) and what is wrong. */
export function firstIssue(schema: z.ZodType, value: unknown): { path: string; message: string } | null {
  const result = schema.safeParse(value);
  if (result.success) return null;
  const issue = result.error.issues[0];
  return { path: issue.path.join('.'), message: issue.message };
}

/** The first problem as "field: message", or null when the value is valid. */
export function firstProblem(schema: z.ZodType, value: unknown): string | null {
  const issue = firstIssue(schema, value);
  if (!issue) return null;
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

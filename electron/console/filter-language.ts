// The filter language: CEL (Common Expression Language) through @marcbachmann/cel-js, an
// interpreter of its own AST. An expression sees only the variables declared here (the entry's id,
// its time, its fields and its decoded value) and the CEL standard functions: it has no way to name
// a JavaScript global, call a host function or reach Node or Redis, and map access refuses keys an
// object only inherits (`constructor`, `__proto__`, `toString`). Parse limits bound its size.
import { Environment } from '@marcbachmann/cel-js';
import { ContractError } from '../../shared/reply';

/** Longest filter expression accepted. */
export const MAX_FILTER_CHARS = 4096;

/** What one entry looks like to a filter. */
export interface FilterInput {
  /** `ms-seq` */
  id: string;
  /** The ms part of the id (CEL int). */
  timestamp: bigint;
  /** Field name → value as text (UTF-8; bytes that are not become U+FFFD). */
  fields: Record<string, string>;
  /** The decoded value of a one-field entry, or field name → decoded value for several fields. */
  value: unknown;
}

const environment = new Environment({
  unlistedVariablesAreDyn: false,
  homogeneousAggregateLiterals: false,
  limits: { maxAstNodes: 2000, maxDepth: 64, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 32 },
})
  .registerVariable('id', 'string')
  .registerVariable('timestamp', 'int')
  .registerVariable('fields', 'map<string, string>')
  .registerVariable('value', 'dyn');

export type EntryPredicate = (input: FilterInput) => boolean;

/** A compiled filter; invalid_args with the parser's or type checker's words when the expression is not one. */
export function compileFilter(expression: string): EntryPredicate {
  if (expression.trim() === '')
    throw new ContractError('invalid_args', 'the filter is empty: write an expression such as value.amount > 100');
  if (expression.length > MAX_FILTER_CHARS)
    throw new ContractError('invalid_args', `the filter is ${expression.length} characters long; at most ${MAX_FILTER_CHARS} are accepted`);
  let evaluate: (context: FilterInput) => unknown;
  try {
    const parsed = environment.parse(expression);
    const checked = parsed.check();
    if (!checked.valid) throw checked.error ?? new Error('it does not type-check');
    if (checked.type !== 'bool' && checked.type !== 'dyn')
      throw new Error(`it gives a ${checked.type}, and a filter must give true or false for each entry`);
    evaluate = parsed;
  } catch (error) {
    throw new ContractError('invalid_args', `the filter is not a valid CEL expression: ${firstLine((error as Error).message)}`);
  }
  // A value the expression cannot handle (a missing key, a type mismatch) is not a match.
  return (input) => evaluate(input) === true;
}

/** Like compileFilter's predicate, but tells a failed evaluation apart from a non-match. */
export function compileFilterStrict(expression: string): (input: FilterInput) => boolean | Error {
  compileFilter(expression);
  const parsed = environment.parse(expression) as unknown as (context: FilterInput) => unknown;
  return (input) => {
    try {
      return parsed(input) === true;
    } catch (error) {
      return error as Error;
    }
  };
}

const firstLine = (text: string) => text.split('\n')[0].slice(0, 300);

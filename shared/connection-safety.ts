// A connection's safety marks: read-only, and a label and colour shown in the header. Kept by
// saved profiles (shared/schemas.ts validates them) and reported in ConnectionStatus while in use.

/** Colours a connection can be marked with in the header (e.g. red for production). */
export const CONNECTION_COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'grey'] as const;
export type ConnectionColour = (typeof CONNECTION_COLOURS)[number];

/** A connection's safety marks, kept by its profile and shown while it is in use. */
export interface ConnectionSafety {
  /** Every write method is refused at the dispatcher ('read_only'); the UI disables writes. */
  readOnly?: boolean;
  /** Shown in the header, e.g. "production"; a production label asks for typed confirmations. */
  label?: string;
  colour?: ConnectionColour;
}

/** A connection marked production: destructive actions ask for the stream's name to be typed. */
export const isProductionLabel = (label: string | undefined) => /^\s*prod(uction)?\s*$/i.test(label ?? '');

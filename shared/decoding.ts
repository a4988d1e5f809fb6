// Decoders and filters as the contract carries them: which decoder a stream's values are read with
// (remembered per stream in the connection profile), what a decoded value looks like on the page,
// saved filters, and a filter scan's progress. Plain data, browser-safe.

/** Formats the console decodes on the main side. `gzip` and `zstd` decompress, then decode with `inner`. */
export const DECODER_KINDS = ['auto', 'json', 'msgpack', 'cbor', 'protobuf', 'avro', 'gzip', 'zstd', 'text', 'hex'] as const;
export type DecoderKind = (typeof DECODER_KINDS)[number];
/** What a decompressed value is decoded with. */
export const INNER_DECODER_KINDS = ['auto', 'json', 'msgpack', 'cbor', 'protobuf', 'avro', 'text', 'hex'] as const;
export type InnerDecoderKind = (typeof INNER_DECODER_KINDS)[number];

export interface DecoderSpec {
  kind: DecoderKind;
  /** protobuf: the .proto source and the fully qualified message type the stream's values hold. */
  proto?: string;
  messageType?: string;
  /** avro: the schema as JSON text. */
  avroSchema?: string;
  /** gzip/zstd: the decoder for the decompressed bytes (auto when absent). */
  inner?: InnerDecoderKind;
}

/** One value as a decoder read it. Exactly one of value/text is set unless `error` is. */
export interface DecodedValue {
  /** The decoder that produced it: 'json', 'msgpack', …, or 'gzip+json' for a decompressed value. */
  decoder: string;
  /** 0–1: how sure auto-detection is (1 when the stream's decoder was chosen and it read the value). */
  confidence: number;
  /** The decoded value as plain JSON (bytes as base64 strings, 64-bit integers as decimal strings when past 2^53). */
  value?: unknown;
  /** Text (UTF-8) or hex of the bytes, for the text and hex decoders. */
  text?: string;
  /** Why the chosen decoder could not read this value (its raw bytes are still in the field). */
  error?: string;
  /** Why only part is shown (too large to carry decoded, nested too deep). */
  note?: string;
}

export interface StreamDecoderSetting {
  stream: string;
  /** The stream's remembered decoder; null when none is chosen (auto-detect). */
  decoder: DecoderSpec | null;
  /** True when the setting is kept in the saved connection profile (otherwise until the console closes). */
  remembered: boolean;
}

export interface SavedFilter {
  name: string;
  expression: string;
}

export type FilterStop = 'end' | 'entries' | 'time' | 'matches' | 'cancelled';

/**
 * A filter scan's counts and budget, as it runs: a filter scan job's (filters.start) and an export
 * of a filter's matches (transfer.export with `filter`) are counted the same way.
 */
export interface FilterScan {
  expression: string;
  /** Entries read so far, and how many of them matched. */
  scanned: number;
  matched: number;
  /** Entries whose filter evaluation failed (a missing key, a type mismatch): they do not match. */
  failed: number;
  elapsedMs: number;
  /** The last entry read: a later scan goes on after it. */
  lastId: string | null;
  /** Why the scan stopped: the range ended, or a budget (entries, time, matches) ran out, or it was cancelled. */
  stoppedBy?: FilterStop;
  /** The budget it runs under; maxMatches null: no cap on matches. */
  maxEntries: number;
  maxMs: number;
  maxMatches: number | null;
}

export interface FilterJob extends FilterScan {
  jobId: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  error?: string;
  stream: string;
  maxMatches: number;
}

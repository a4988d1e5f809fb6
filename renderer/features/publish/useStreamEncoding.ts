// Which encoding a stream's publish writes and how many bytes message 1 becomes: the console
// encodes with the stream's remembered decoder (JSON when none), so the editor stays JSON while
// the wire carries MessagePack, CBOR, Protobuf or Avro bytes.
import { useEffect, useState } from 'react';
import type { Bridge, ReplyError } from '../../../shared';

export interface StreamEncoding {
  /** The decoder kind that encodes (json, msgpack, cbor, protobuf, avro, …). */
  decoder: string;
  /** Bytes message 1 takes on the wire. */
  size: number;
}

/** JSON and text values go as the typed text; every other decoder writes bytes. */
export const writesBytes = (encoding: StreamEncoding | null) =>
  encoding !== null && encoding.decoder !== 'json' && encoding.decoder !== 'text';

const SETTLE_MS = 250;

interface Result {
  stream: string;
  json: string;
  encoding: StreamEncoding | null;
  problem: ReplyError | null;
}

/** `pending` until the console has encoded exactly this stream and JSON. */
export function useStreamEncoding(bridge: Bridge, stream: string | null, json: string | null) {
  const [result, setResult] = useState<Result | null>(null);
  useEffect(() => {
    if (stream === null || json === null) return;
    let live = true;
    // Typing settles before the console is asked.
    const timer = setTimeout(() => {
      void bridge.invoke('decoders.encode', { stream, json }).then((reply) => {
        if (!live) return;
        setResult({
          stream,
          json,
          encoding: reply.ok ? { decoder: reply.value.decoder, size: reply.value.value.size } : null,
          problem: reply.ok ? null : reply.error,
        });
      });
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, stream, json]);
  if (stream === null || json === null) return { encoding: null, problem: null, pending: false };
  const current = result !== null && result.stream === stream && result.json === json ? result : null;
  return { encoding: current?.encoding ?? null, problem: current?.problem ?? null, pending: current === null };
}

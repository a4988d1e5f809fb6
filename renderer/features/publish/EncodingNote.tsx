// The encoding a stream publish uses, the encoded size of message 1, or why the JSON does not fit.
import type { ReplyError } from '../../../shared';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatCount } from '../../state/format';
import type { StreamEncoding } from './useStreamEncoding';

const NAMES: Record<string, string> = {
  json: 'JSON',
  text: 'text',
  msgpack: 'MessagePack',
  cbor: 'CBOR',
  protobuf: 'Protobuf',
  avro: 'Avro',
  gzip: 'gzip',
  zstd: 'zstd',
  hex: 'hex',
};

export function EncodingNote({ encoding, problem }: { encoding: StreamEncoding | null; problem: ReplyError | null }) {
  if (problem) return <ErrorMessage error={problem} context="Encoding" />;
  if (!encoding) return null;
  return (
    <p className="muted small-note" aria-label="Encoding">
      Encoded as {NAMES[encoding.decoder] ?? encoding.decoder} (the stream&apos;s decoder): message 1 is {formatCount(encoding.size)} byte
      {encoding.size === 1 ? '' : 's'} in field <code>msg</code>.
    </p>
  );
}

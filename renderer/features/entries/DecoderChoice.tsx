// The Entries view's decoder: read this page with it, or remember it for the stream (kept in the
// connection profile, and used by publish to encode the JSON typed).
import { useState } from 'react';
import type { Bridge, ReplyError } from '../../../shared';
import type { DecoderKind } from '../../../shared/decoding';
import { PAGE_DECODERS, type PageDecoder } from './store/entriesStore';
import { ErrorMessage } from '../../components/ErrorMessage';

const DECODER_LABELS: Record<PageDecoder, string> = {
  auto: 'Auto-detect',
  json: 'JSON',
  msgpack: 'MessagePack',
  cbor: 'CBOR',
  gzip: 'gzip',
  zstd: 'zstd',
  text: 'Text (UTF-8)',
  hex: 'Hex',
  saved: "Stream's saved decoder",
  none: 'None (raw only)',
};

/** gzip and zstd need an inner decoder, so only self-contained kinds can be remembered from here. */
const REMEMBERABLE: ReadonlyMap<PageDecoder, DecoderKind> = new Map(
  (['json', 'msgpack', 'cbor', 'text', 'hex'] as const).map((d) => [d, d]),
);

interface DecoderChoiceProps {
  bridge: Bridge;
  stream: string;
  decoder: PageDecoder;
  onChange: (decoder: PageDecoder) => void;
}

export function DecoderChoice({ bridge, stream, decoder, onChange }: DecoderChoiceProps) {
  const [remembered, setRemembered] = useState<string | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);
  const remember = async () => {
    setError(null);
    const kind = REMEMBERABLE.get(decoder);
    if (!kind) return;
    const reply = await bridge.invoke('decoders.set', { stream, decoder: { kind } });
    if (reply.ok) setRemembered(DECODER_LABELS[decoder]);
    else setError(reply.error);
  };
  return (
    <div className="toolbar">
      <label className="toolbar">
        Decoder
        <select
          aria-label="Decoder"
          value={decoder}
          onChange={(e) => {
            setRemembered(null);
            onChange(e.target.value as PageDecoder);
          }}
        >
          {PAGE_DECODERS.map((d) => (
            <option key={d} value={d}>
              {DECODER_LABELS[d]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={!REMEMBERABLE.has(decoder)} onClick={() => void remember()}>
        Remember for stream
      </button>
      {remembered ? <span role="status">{remembered} is the stream&apos;s decoder.</span> : null}
      <ErrorMessage error={error} context="Remember the decoder" />
    </div>
  );
}

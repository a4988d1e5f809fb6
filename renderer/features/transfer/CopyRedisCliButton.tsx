// "Copy as redis-cli command" for one entry: fetches its exact bytes and copies the
// `redis-cli --quoted-input XADD …` line that writes it again (with a new id). For the entries
// view to place next to an entry.
import { useState } from 'react';
import type { Bridge } from '../../../shared';
import { TransferFailed } from '../../../shared/transfer-client';
import { entryAsRedisCli } from './transferRuns';

export function CopyRedisCliButton({
  bridge,
  stream,
  id,
  clipboard = globalThis.navigator?.clipboard,
}: {
  bridge: Bridge;
  stream: string;
  id: string;
  clipboard?: Pick<Clipboard, 'writeText'>;
}) {
  const [said, setSaid] = useState<string | null>(null);
  const copy = async () => {
    try {
      if (!clipboard) throw new Error('this page has no clipboard access');
      await clipboard.writeText(await entryAsRedisCli(bridge, stream, id));
      setSaid('Copied');
    } catch (error) {
      setSaid(`Not copied: ${error instanceof TransferFailed ? error.error.message : (error as Error).message}`);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void copy()}>
        Copy as redis-cli
      </button>
      {said ? <span role="status">{said}</span> : null}
    </>
  );
}

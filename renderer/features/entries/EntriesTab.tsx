import type { Bridge } from '../../../shared';

export function EntriesTab({ stream }: { bridge: Bridge; stream: string }) {
  return <p className="placeholder">Entries of {stream}</p>;
}

import type { Bridge } from '../../../shared';

export function PublishPanel(_props: { bridge: Bridge; streams?: string[]; initialTarget?: { kind: 'stream' | 'broadcast'; name: string } }) {
  return <p className="placeholder">Publish</p>;
}

import type { Bridge } from '../../../shared';
import { Dialog } from '../../components/Dialog';

export function PruneDialog({ stream, onClose }: { bridge: Bridge; stream: string; onClose: () => void }) {
  return (
    <Dialog title={`Prune ${stream}`} onClose={onClose}>
      <button type="button" onClick={onClose}>Close</button>
    </Dialog>
  );
}

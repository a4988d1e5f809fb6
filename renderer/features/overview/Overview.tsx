import type { Bridge } from '../../../shared';
import type { OverviewStore } from '../../state/overviewStore';

export function Overview(_props: { bridge: Bridge; store: OverviewStore; onOpenStream: (name: string) => void; onPublish: () => void }) {
  return <p className="placeholder">Overview</p>;
}

// Harness page: one of B's screens (chosen by #hash) over the simulated bridge, in a real browser.
import { StrictMode, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GroupsTab } from '../../../../renderer/features/groups';
import { InstancesTab } from '../../../../renderer/features/instances';
import { FlowTab } from '../../../../renderer/features/flow';
import { PendingTab } from '../../../../renderer/features/pending';
import { ChartsTab } from '../../../../renderer/features/charts';
import { BroadcastView } from '../../../../renderer/features/broadcast';
import { JoinInstancePanel } from '../../../../renderer/features/join';
import { createSimBridge } from './simBridge';
import '../../../../renderer/styles.css';

const params = new URLSearchParams(location.search);
const bridge = createSimBridge({ broadcastRate: Number(params.get('rate') ?? 50) });
(window as unknown as { sim: typeof bridge.stats }).sim = bridge.stats;
const screen = location.hash.slice(1) || 'groups';
const stream = 'orders';
const views: Record<string, ReactElement> = {
  groups: <GroupsTab bridge={bridge} stream={stream} />,
  instances: <InstancesTab bridge={bridge} stream={stream} />,
  flow: <FlowTab bridge={bridge} stream={stream} />,
  pending: <PendingTab bridge={bridge} stream={stream} />,
  charts: <ChartsTab bridge={bridge} stream={stream} />,
  broadcast: <BroadcastView bridge={bridge} />,
  join: <JoinInstancePanel bridge={bridge} stream={stream} onClose={() => undefined} />,
};
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <main className="main" style={{ padding: 16 }}>
      {views[screen]}
    </main>
  </StrictMode>,
);

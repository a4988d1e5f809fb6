// One stream: a header with its actions, then tabs for every way of looking at it.
import { useState } from 'react';
import type { Bridge } from '../../../shared';
import { displayKeyName } from '../../../shared/key-name';
import { Tabs, type TabDef } from '../../components/Tabs';
import { EntriesTab } from '../entries';
import { Dialog } from '../../components/Dialog';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { StreamLocation } from './StreamLocation';
import { LazyBoundary, lazyNamed } from '../../components/Lazy';
import { WriteButton } from '../../components/WriteButton';

// Entries is what a stream opens on; every other tab and dialog loads when first asked for.
const GroupsTab = lazyNamed(() => import('../groups'), 'GroupsTab');
const InstancesTab = lazyNamed(() => import('../instances'), 'InstancesTab');
const FlowTab = lazyNamed(() => import('../flow'), 'FlowTab');
const PendingTab = lazyNamed(() => import('../pending'), 'PendingTab');
const ChartsTab = lazyNamed(() => import('../charts'), 'ChartsTab');
const JoinInstancePanel = lazyNamed(() => import('../join'), 'JoinInstancePanel');
const PruneDialog = lazyNamed(() => import('../prune'), 'PruneDialog');
const PublishPanel = lazyNamed(() => import('../publish'), 'PublishPanel');
const TransferDialog = lazyNamed(() => import('../transfer'), 'TransferDialog');

export type StreamTab = 'entries' | 'groups' | 'instances' | 'flow' | 'pending' | 'charts';

const TABS: ReadonlyArray<TabDef<StreamTab>> = [
  { id: 'entries', label: 'Entries' },
  { id: 'groups', label: 'Groups' },
  { id: 'instances', label: 'Instances' },
  { id: 'flow', label: 'Flow' },
  { id: 'pending', label: 'Pending' },
  { id: 'charts', label: 'Charts' },
];

const label = (tab: StreamTab) => TABS.find((t) => t.id === tab)?.label ?? tab;

interface StreamViewProps {
  bridge: Bridge;
  stream: string;
  initialTab?: StreamTab;
  /** A deep link's entry: the Entries tab opens at it, selected. */
  initialEntry?: string;
  /** A deep link's group: the Groups tab opens with its row marked and in view. */
  initialGroup?: string;
  /** Told of the tab and the selected entry, so the address can follow them. */
  onPlace?: (place: { tab: StreamTab; entry?: string }) => void;
}

export function StreamView({ bridge, stream, initialTab = 'entries', initialEntry, initialGroup, onPlace }: StreamViewProps) {
  const [tab, setTabState] = useState<StreamTab>(initialTab);
  const setTab = (next: StreamTab) => {
    setTabState(next);
    onPlace?.({ tab: next });
  };
  const [pruning, setPruning] = useState(false);
  const [joining, setJoining] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [transferring, setTransferring] = useState(false);

  return (
    <section className="stream-view" aria-label={`Stream ${displayKeyName(stream)}`}>
      <header className="view-header">
        <h1>
          <span className="muted">stream</span> {displayKeyName(stream)}
        </h1>
        <StreamLocation bridge={bridge} stream={stream} />
        <div className="toolbar">
          <WriteButton type="button" onClick={() => setPublishing(true)}>
            Publish to stream…
          </WriteButton>
          <WriteButton type="button" onClick={() => setJoining(true)}>
            Join as instance
          </WriteButton>
          <button type="button" onClick={() => setPruning(true)}>
            Prune…
          </button>
          <button type="button" onClick={() => setTransferring(true)}>
            Export / import…
          </button>
        </div>
      </header>
      <Tabs label="Stream views" tabs={TABS} active={tab} onChange={setTab}>
        <ErrorBoundary key={tab} what={`The ${label(tab)} tab`}>
          <LazyBoundary what={`the ${label(tab)} tab`}>
            {tab === 'entries' && (
              <EntriesTab
                key={stream}
                bridge={bridge}
                stream={stream}
                onPublish={() => setPublishing(true)}
                initialEntry={initialTab === 'entries' ? initialEntry : undefined}
                onSelectEntry={(entry) => onPlace?.({ tab: 'entries', ...(entry ? { entry } : {}) })}
              />
            )}
            {tab === 'groups' && (
              <GroupsTab key={stream} bridge={bridge} stream={stream} focusGroup={initialTab === 'groups' ? initialGroup : undefined} />
            )}
            {tab === 'instances' && <InstancesTab key={stream} bridge={bridge} stream={stream} />}
            {tab === 'flow' && <FlowTab key={stream} bridge={bridge} stream={stream} />}
            {tab === 'pending' && <PendingTab key={stream} bridge={bridge} stream={stream} />}
            {tab === 'charts' && <ChartsTab key={stream} bridge={bridge} stream={stream} />}
          </LazyBoundary>
        </ErrorBoundary>
      </Tabs>
      {/* The boundary sits outside each dialog so a dialog mounts whole and focuses its first field. */}
      <LazyBoundary what="the dialog">
        {pruning && <PruneDialog bridge={bridge} stream={stream} onClose={() => setPruning(false)} />}
        {transferring && <TransferDialog bridge={bridge} stream={stream} onClose={() => setTransferring(false)} />}
        {publishing && (
          <Dialog title={`Publish to ${displayKeyName(stream)}`} onClose={() => setPublishing(false)} className="publish-dialog">
            <PublishPanel bridge={bridge} initialTarget={{ kind: 'stream', name: stream }} embedded />
            <div className="dialog-actions">
              <button type="button" onClick={() => setPublishing(false)}>
                Close
              </button>
            </div>
          </Dialog>
        )}
        {joining && (
          <Dialog title={`Join ${displayKeyName(stream)} as an instance`} onClose={() => setJoining(false)}>
            <JoinInstancePanel bridge={bridge} stream={stream} embedded />
            <div className="dialog-actions">
              <button type="button" onClick={() => setJoining(false)}>
                Close
              </button>
            </div>
          </Dialog>
        )}
      </LazyBoundary>
    </section>
  );
}

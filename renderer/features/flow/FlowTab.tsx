// Flow: watch the stream while this tab is open and draw who receives what, live.
import { displayKeyName } from '../../../shared/key-name';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../../../shared';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { createFlowStore } from './flowStore';
import { FlowPicture } from './FlowPicture';
import { MembershipTimeline } from './MembershipTimeline';
import { DarkBanner } from '../instances/DarkBanner';
import { isDark } from '../instances/instancesStore';
import './flow.css';

export function FlowTab({ bridge, stream }: { bridge: Bridge; stream: string }) {
  const [store] = useState(() => createFlowStore(bridge));
  const s = useStore(store);
  useEffect(() => store.getState().start(stream), [store, stream]);

  return (
    <section className="ss-flow-tab" aria-label="Delivery flow">
      <ErrorMessage error={s.error} context="Could not watch the stream" />
      {s.snapshot && (
        <DarkBanner
          dark={s.snapshot.groups.flatMap((g) =>
            g.instances.filter((i) => isDark(i, g.instances)).map((i) => ({ group: g.group, instance: i.instance, presence: i.presence })),
          )}
        />
      )}
      {!s.snapshot ? (
        !s.error && <p className="muted">Waiting for the first measurement…</p>
      ) : s.snapshot.groups.length === 0 ? (
        <EmptyState title={`Nothing reads ${displayKeyName(stream)} yet: join an instance, create a group, or start the demo.`} />
      ) : (
        <div className="ss-flow-scroll">
          <FlowPicture snapshot={s.snapshot} />
        </div>
      )}
      <MembershipTimeline events={s.timeline.items} dropped={s.timeline.dropped} />
    </section>
  );
}

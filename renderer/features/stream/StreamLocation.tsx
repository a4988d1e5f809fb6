// Where a stream lives on a Redis Cluster: the master serving its slot, and the slot, next to the
// stream's name. Nothing on a single server (the detail carries no node). Re-read now and then,
// because a failover or a resharding moves the slot to another master.
import { useEffect, useState } from 'react';
import type { Bridge } from '../../../shared';
import './StreamLocation.css';

/** How often the location is re-read while the stream is open. */
export const LOCATION_REFRESH_MS = 10_000;

interface Location {
  node: string;
  slot: number;
}

export function StreamLocation({ bridge, stream }: { bridge: Bridge; stream: string }) {
  const [where, setWhere] = useState<Location | null>(null);

  useEffect(() => {
    let live = true;
    const load = async () => {
      const reply = await bridge.invoke('streams.detail', { stream });
      if (!live) return;
      // An error (the stream is gone, Redis reconnecting) keeps the last known place: the tabs
      // below report errors in words; this badge only adds where the stream lives.
      if (reply.ok)
        setWhere(
          reply.value.node !== undefined && reply.value.slot !== undefined ? { node: reply.value.node, slot: reply.value.slot } : null,
        );
    };
    void load();
    const timer = setInterval(() => void load(), LOCATION_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [bridge, stream]);

  if (!where) return null;
  return (
    <p className="stream-location" role="group" aria-label="Cluster node and slot">
      <span className="muted">node</span> <span className="mono">{where.node}</span> <span className="muted">slot</span>{' '}
      <span className="mono">{where.slot}</span>
    </p>
  );
}

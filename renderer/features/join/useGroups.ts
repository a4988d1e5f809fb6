import { useEffect, useState } from 'react';
import type { Bridge } from '../../../shared';

/** The stream's consumer groups, to join one of them (or start a new one); [] while unknown. */
export function useGroups(bridge: Bridge, stream: string, after: unknown): string[] {
  const [known, setKnown] = useState<{ stream: string; groups: string[] }>({ stream: '', groups: NO_GROUPS });
  useEffect(() => {
    if (!stream) return;
    let live = true;
    // A stream name being typed: ask once typing pauses.
    const timer = setTimeout(() => {
      void bridge
        .invoke('groups.list', { stream })
        .then((r) => live && setKnown({ stream, groups: r.ok ? r.value.map((g) => g.name) : NO_GROUPS }));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, stream, after]);
  return known.stream === stream ? known.groups : NO_GROUPS;
}

const NO_GROUPS: string[] = [];

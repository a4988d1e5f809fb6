// The command palette (Ctrl/Cmd+K): go to any view, stream, tab of the current stream, group or
// channel, or run an action. Filtering, ranking and arrow-key selection are cmdk's (a well-kept,
// unstyled React command menu); the modal around it is the app's own Dialog, so focus handling,
// Escape and the accessible name are the same as every other dialog's.
import { Command } from 'cmdk';
import { useEffect, useState } from 'react';
import type { Bridge } from '../../../shared';
import { displayKeyName } from '../../../shared/key-name';
import { Dialog } from '../../components/Dialog';
import { READ_ONLY_TITLE, useConnectionSafety } from '../../state/connectionSafety';
import type { StreamTab } from '../stream';
import './palette.css';

export type PaletteTarget =
  | { kind: 'overview' }
  | { kind: 'broadcast'; channel?: string }
  | { kind: 'publish' }
  | { kind: 'stream'; stream: string; tab?: StreamTab; group?: string };

export interface PaletteAction {
  id: string;
  label: string;
  run: () => void;
  /** Writes to Redis: disabled on a read-only connection. */
  write?: boolean;
}

interface CommandPaletteProps {
  bridge: Bridge;
  streams: string[];
  /** The stream on screen, whose tabs the palette offers. */
  currentStream: string | null;
  actions: PaletteAction[];
  onGo: (target: PaletteTarget) => void;
  onClose: () => void;
}

const STREAM_TABS: ReadonlyArray<[StreamTab, string]> = [
  ['entries', 'Entries'],
  ['groups', 'Groups'],
  ['instances', 'Instances'],
  ['flow', 'Flow'],
  ['pending', 'Pending'],
  ['charts', 'Charts'],
];

/** Groups are listed for this many streams at most (one groups.list each, when the palette opens). */
const GROUP_STREAMS = 50;

export function CommandPalette({ bridge, streams, currentStream, actions, onGo, onClose }: CommandPaletteProps) {
  const { readOnly } = useConnectionSafety();
  const [groups, setGroups] = useState<Array<{ stream: string; group: string }>>([]);
  const [channels, setChannels] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    void bridge.invoke('broadcast.channels', {}).then((r) => live && r.ok && setChannels(r.value.map((c) => c.name)));
    void Promise.all(
      streams.slice(0, GROUP_STREAMS).map(async (stream) => {
        const r = await bridge.invoke('groups.list', { stream });
        return r.ok ? r.value.map((g) => ({ stream, group: g.name })) : [];
      }),
    ).then((all) => live && setGroups(all.flat()));
    return () => {
      live = false;
    };
  }, [bridge, streams]);

  const go = (target: PaletteTarget) => {
    onClose();
    onGo(target);
  };

  return (
    <Dialog title="Command palette" onClose={onClose} className="palette-dialog">
      <Command label="Go to or run" loop className="palette">
        <Command.Input placeholder="Go to a stream, group, tab or channel, or run an action…" className="palette-input" />
        <Command.List className="palette-list" aria-label="Commands">
          <Command.Empty>Nothing matches.</Command.Empty>
          {currentStream !== null ? (
            <Command.Group heading={`Stream ${displayKeyName(currentStream)}`}>
              {STREAM_TABS.map(([tab, label]) => (
                <Command.Item key={tab} value={`${label} tab`} onSelect={() => go({ kind: 'stream', stream: currentStream, tab })}>
                  {label} tab
                </Command.Item>
              ))}
            </Command.Group>
          ) : null}
          <Command.Group heading="Go to">
            <Command.Item value="Overview" onSelect={() => go({ kind: 'overview' })}>
              Overview
            </Command.Item>
            <Command.Item value="Broadcast" onSelect={() => go({ kind: 'broadcast' })}>
              Broadcast
            </Command.Item>
            <Command.Item value="Publish" onSelect={() => go({ kind: 'publish' })}>
              Publish
            </Command.Item>
          </Command.Group>
          {streams.length > 0 ? (
            <Command.Group heading="Streams">
              {streams.map((stream) => (
                <Command.Item key={stream} value={`stream ${stream}`} onSelect={() => go({ kind: 'stream', stream })}>
                  <span className="palette-kind">stream</span> {displayKeyName(stream)}
                </Command.Item>
              ))}
            </Command.Group>
          ) : null}
          {groups.length > 0 ? (
            <Command.Group heading="Groups">
              {groups.map(({ stream, group }) => (
                <Command.Item
                  key={`${stream}\u0000${group}`}
                  value={`group ${group} on ${stream}`}
                  onSelect={() => go({ kind: 'stream', stream, tab: 'groups', group })}
                >
                  <span className="palette-kind">group</span> {group} <span className="muted">on {displayKeyName(stream)}</span>
                </Command.Item>
              ))}
            </Command.Group>
          ) : null}
          {channels.length > 0 ? (
            <Command.Group heading="Channels">
              {channels.map((channel) => (
                <Command.Item key={channel} value={`channel ${channel}`} onSelect={() => go({ kind: 'broadcast', channel })}>
                  <span className="palette-kind">channel</span> {displayKeyName(channel)}
                </Command.Item>
              ))}
            </Command.Group>
          ) : null}
          <Command.Group heading="Actions">
            {actions.map((a) => (
              <Command.Item
                key={a.id}
                value={a.label}
                disabled={a.write && readOnly}
                onSelect={() => {
                  onClose();
                  a.run();
                }}
              >
                {a.label}
                {a.write && readOnly ? <span className="muted"> — {READ_ONLY_TITLE}</span> : null}
              </Command.Item>
            ))}
          </Command.Group>
        </Command.List>
      </Command>
    </Dialog>
  );
}

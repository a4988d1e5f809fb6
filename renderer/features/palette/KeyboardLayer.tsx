// The app-wide keyboard: shortcuts on the document, the command palette and the help overlay
// (both load as their own chunk when first opened, so cmdk is not on the first screen).
import { useState } from 'react';
import type { Bridge } from '../../../shared';
import { LazyBoundary, lazyNamed } from '../../components/Lazy';
import type { PaletteAction, PaletteTarget } from './CommandPalette';
import { useShortcuts } from './shortcuts';

const CommandPalette = lazyNamed(() => import('./CommandPalette'), 'CommandPalette');
const ShortcutsHelp = lazyNamed(() => import('./ShortcutsHelp'), 'ShortcutsHelp');

interface KeyboardLayerProps {
  bridge: Bridge;
  streams: string[];
  currentStream: string | null;
  actions: PaletteAction[];
  onGo: (target: PaletteTarget) => void;
}

export function KeyboardLayer({ bridge, streams, currentStream, actions, onGo }: KeyboardLayerProps) {
  const [open, setOpen] = useState<'palette' | 'help' | null>(null);
  const allActions: PaletteAction[] = [...actions, { id: 'help', label: 'Show keyboard shortcuts', run: () => setOpen('help') }];
  useShortcuts((id) => {
    switch (id) {
      case 'palette':
        setOpen((o) => (o === 'palette' ? null : 'palette'));
        break;
      case 'help':
        setOpen('help');
        break;
      case 'overview':
      case 'broadcast':
      case 'publish':
        onGo({ kind: id });
        break;
      case 'streamFilter':
        document.querySelector<HTMLInputElement>('.nav-filter')?.focus();
        break;
    }
  });
  if (open === null) return null;
  return (
    <LazyBoundary what={open === 'palette' ? 'the command palette' : 'the keyboard shortcuts'}>
      {open === 'palette' ? (
        <CommandPalette
          bridge={bridge}
          streams={streams}
          currentStream={currentStream}
          actions={allActions}
          onGo={onGo}
          onClose={() => setOpen(null)}
        />
      ) : (
        <ShortcutsHelp onClose={() => setOpen(null)} />
      )}
    </LazyBoundary>
  );
}

// @vitest-environment happy-dom
// A stream whose key is not valid UTF-8 arrives with escaped bytes (U+DC80–U+DCFF, shared/key-name.ts):
// the Overview row and the stream header show them as \xNN, and what is sent back is the name itself.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Overview } from '../../renderer/features/overview';
import { StreamView } from '../../renderer/features/stream';
import { createOverviewStore } from '../../renderer/state/overviewStore';
import { MemoryBridge } from './memoryBridge';
import { channel, entry, streamSummary } from './fixtures';

afterEach(cleanup);

const name = 'bin-\udcff\udcfe';

describe('names with bytes that are not UTF-8', () => {
  it('the Overview shows escaped bytes as \\xNN and opens the stream by its name', async () => {
    const b = new MemoryBridge()
      .reply('streams.list', { streams: [streamSummary(name)], cursor: '0' })
      .reply('broadcast.channels', [channel('chan-\udcc3(')]);
    const store = createOverviewStore(b);
    await store.getState().refresh();
    const opened: string[] = [];
    render(<Overview bridge={b} store={store} onOpenStream={(s) => opened.push(s)} onPublish={() => {}} onStartDemo={() => {}} />);
    const open = within(screen.getByRole('table', { name: 'Streams' })).getByRole('button', { name: 'Open stream bin-\\xFF\\xFE' });
    expect(open.textContent).toBe('bin-\\xFF\\xFE');
    expect(screen.getByText('chan-\\xC3(')).toBeTruthy();
    await userEvent.click(open);
    expect(opened).toEqual([name]);
  });

  it('the stream header shows the escaped name and entries are asked for with the name itself', () => {
    const b = new MemoryBridge().reply('entries.page', { entries: [entry(1)], next: null, scanned: 1 });
    render(<StreamView bridge={b} stream={name} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('stream bin-\\xFF\\xFE');
    expect(b.callsOf('entries.page')[0]).toMatchObject({ stream: name });
  });

  it('tabs and dialogs name the stream with escaped bytes too (no replacement marks)', async () => {
    const b = new MemoryBridge().reply('entries.page', { entries: [entry(1)], next: null, scanned: 1 });
    render(<StreamView bridge={b} stream={name} />);
    expect(screen.getByRole('region', { name: 'Entries of bin-\\xFF\\xFE' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: /^Prune/ }));
    expect(await screen.findByRole('dialog', { name: 'Prune bin-\\xFF\\xFE' })).toBeTruthy();
  });
});

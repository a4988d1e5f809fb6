// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PruneDialog } from '../../renderer/features/prune';
import type { PrunePolicy, PrunePreview } from '../../shared';
import { MemoryBridge } from './memoryBridge';

afterEach(cleanup);

const preview = (policy: PrunePolicy, safe: boolean, over: Partial<PrunePreview> = {}): PrunePreview => ({
  stream: 'orders',
  policy,
  safe,
  wouldRemove: 900,
  firstId: '1-0',
  lastId: '900-0',
  pending: 12,
  undelivered: 30,
  keptForSafety: 0,
  lengthBefore: 1900,
  ...over,
});

describe('PruneDialog', () => {
  it('previews a length policy, confirms, runs exactly the previewed policy and shows the result', async () => {
    const b = new MemoryBridge()
      .reply('prune.preview', (args) => preview(args.policy, args.safe ?? true, { keptForSafety: 42 }))
      .reply('prune.run', { stream: 'orders', removed: 858, lengthAfter: 1042 });
    render(<PruneDialog bridge={b} stream="orders" onClose={() => {}} />);
    const dialog = screen.getByRole('dialog', { name: 'Prune orders' });
    await userEvent.clear(within(dialog).getByLabelText('Entries to keep'));
    await userEvent.type(within(dialog).getByLabelText('Entries to keep'), '1000');
    expect((within(dialog).getByRole('button', { name: 'Prune…' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect(b.callsOf('prune.preview')).toEqual([{ stream: 'orders', policy: { kind: 'maxLength', maxLength: 1000 }, safe: true }]);

    const region = within(dialog).getByRole('region', { name: 'Prune preview' });
    expect(region.textContent).toContain('Would remove 900 of 1,900 entries, ids 1-0 to 900-0.');
    const numbers = Array.from(region.querySelectorAll('dd')).map((d) => d.textContent);
    expect(numbers).toEqual(['12', '30', '42']);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Prune 900 entries…' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Remove 900 entries from orders?' });
    expect(b.callsOf('prune.run')).toEqual([]);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Prune' }));
    expect(b.callsOf('prune.run')).toEqual([{ stream: 'orders', policy: { kind: 'maxLength', maxLength: 1000 }, safe: true }]);
    expect(screen.getByRole('status').textContent).toBe('Removed 858 entries from orders; 1,042 remain.');
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('builds an age policy in ms, warns when safe mode is off, and discards the preview when the policy changes', async () => {
    const b = new MemoryBridge().reply('prune.preview', (args) => preview(args.policy, args.safe ?? true));
    render(<PruneDialog bridge={b} stream="orders" onClose={() => {}} />);
    await userEvent.click(screen.getByRole('radio', { name: /Remove entries older than/ }));
    await userEvent.clear(screen.getByLabelText('Maximum age'));
    await userEvent.type(screen.getByLabelText('Maximum age'), '2');
    await userEvent.selectOptions(screen.getByLabelText('Age unit'), 'hours');
    await userEvent.click(screen.getByRole('checkbox', { name: /Safe mode/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(b.callsOf('prune.preview')).toEqual([{ stream: 'orders', policy: { kind: 'maxAge', maxAgeMs: 7_200_000 }, safe: false }]);
    expect(screen.getByText('Safe mode is off: pending or undelivered entries will be lost to their consumers.')).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Maximum age'), '4');
    expect(screen.queryByRole('region', { name: 'Prune preview' })).toBeNull();
    expect((screen.getByRole('button', { name: 'Prune…' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('rejects a negative length before calling and shows contract errors where they happened', async () => {
    const b = new MemoryBridge().fail('prune.preview', 'not_found', 'stream "orders" does not exist');
    render(<PruneDialog bridge={b} stream="orders" onClose={() => {}} />);
    await userEvent.clear(screen.getByLabelText('Entries to keep'));
    await userEvent.type(screen.getByLabelText('Entries to keep'), '-5');
    expect(screen.getByRole('alert').textContent).toMatch(/^Policy policy\.maxLength: /);
    expect((screen.getByRole('button', { name: 'Preview' }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.clear(screen.getByLabelText('Entries to keep'));
    await userEvent.type(screen.getByLabelText('Entries to keep'), '10');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'Preview: Stream "orders" does not exist. It may have been deleted; refresh and try again.',
    );
  });

  it('keeps the confirmation open with the error when the prune fails', async () => {
    const b = new MemoryBridge()
      .reply('prune.preview', (args) => preview(args.policy, true))
      .fail('prune.run', 'redis_error', 'ERR syntax error');
    render(<PruneDialog bridge={b} stream="orders" onClose={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await userEvent.click(screen.getByRole('button', { name: 'Prune 900 entries…' }));
    const confirm = screen.getByRole('alertdialog');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Prune' }));
    expect(within(confirm).getByRole('alert').textContent).toBe('Prune: Redis refused the command: ERR syntax error');
  });

  it('says when there is nothing to remove', async () => {
    const b = new MemoryBridge().reply('prune.preview', (args) =>
      preview(args.policy, true, {
        wouldRemove: 0,
        firstId: null,
        lastId: null,
        pending: 0,
        undelivered: 0,
        keptForSafety: 5,
        lengthBefore: 5,
      }),
    );
    render(<PruneDialog bridge={b} stream="orders" onClose={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByText(/^Nothing to remove: the stream has 5 entries/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Prune 0 entries…' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

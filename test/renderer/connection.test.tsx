// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConnectionBar } from '../../renderer/features/connection';
import { createConnectionStore } from '../../renderer/state/connectionStore';
import { redactUrl } from '../../renderer/state/redactUrl';
import type { ConnectionProfile, HostedInstance } from '../../shared';
import { MemoryBridge } from './memoryBridge';
import { status } from './fixtures';

afterEach(cleanup);

const profile: ConnectionProfile = { id: 'p1', name: 'staging', url: 'redis://staging:6379', hasPassword: true, keyPrefix: 'ucloud:' };

const hosted = (instance: string, group: string, state: HostedInstance['state']): HostedInstance => ({
  id: instance,
  stream: 'orders',
  group,
  instance,
  mode: { kind: 'immediate' },
  processingDelayMs: 0,
  failureRate: 0,
  ackMode: 'auto',
  state,
  delivered: 0,
  acked: 0,
  failed: 0,
  inFlight: 0,
});

const idleDemo = { running: false, stream: null, channel: null, ratePerSec: 50, services: [], instanceIds: [] };

function bridge(): MemoryBridge {
  return new MemoryBridge()
    .reply('connection.status', status())
    .reply('profiles.list', [profile])
    .reply('demo.status', idleDemo)
    .reply('instances.list', []);
}

/** Confirms the switch the dialog asks about, once it has said what stops. */
async function confirmSwitch(to: string) {
  const confirm = await screen.findByRole('alertdialog', { name: `Switch to ${to}?` });
  await within(confirm).findByRole('list', { name: 'What stops' });
  await userEvent.click(within(confirm).getByRole('button', { name: 'Switch connection' }));
}

describe('redactUrl', () => {
  it('masks a password but keeps the user and host', () => {
    expect(redactUrl('redis://admin:s3cret@host:6379/0')).toBe('redis://admin:***@host:6379/0');
    expect(redactUrl('rediss://:s3cret@host')).toBe('rediss://:***@host');
    expect(redactUrl('redis://host:6379')).toBe('redis://host:6379');
  });
});

describe('ConnectionBar', () => {
  it('shows the URL with any password masked, the state and the embedded badge', async () => {
    const b = new MemoryBridge()
      .reply('connection.status', status({ url: 'redis://u:hunter2@10.0.0.5:6379', embedded: true }))
      .reply('profiles.list', []);
    render(<ConnectionBar bridge={b} />);
    expect(await screen.findByText('redis://u:***@10.0.0.5:6379')).toBeTruthy();
    expect(document.body.textContent).not.toContain('hunter2');
    expect(screen.getByText('embedded Redis')).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Redis ready' })).toBeTruthy();
  });

  it('shows a reconnecting banner with the reason from a pushed state change, and clears it when ready', async () => {
    const b = bridge();
    render(<ConnectionBar bridge={b} />);
    await screen.findByText('redis://127.0.0.1:6379');
    act(() => b.emit('connection.state', status({ state: 'reconnecting', reason: 'ECONNREFUSED 127.0.0.1:6379' })));
    expect(screen.getByRole('alert').textContent).toBe('Reconnecting to Redis: ECONNREFUSED 127.0.0.1:6379');
    act(() => b.emit('connection.state', status({ state: 'ready' })));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('while Redis loads its dataset: a banner with the load % and time left as reported, gone when ready', async () => {
    const b = bridge();
    render(<ConnectionBar bridge={b} />);
    await screen.findByText('redis://127.0.0.1:6379');
    expect(screen.queryByRole('status', { name: 'Loading progress' })).toBeNull();
    const reason = "Redis is loading the dataset in memory (42.5% loaded, about 3 s left by Redis's estimate)";
    act(() => b.emit('connection.state', status({ state: 'loading', reason })));
    expect(screen.getByRole('status', { name: 'Redis loading' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Loading progress' }).textContent).toBe(`${reason}; the views fill in once it is ready.`);
    act(() => b.emit('connection.state', status({ state: 'ready' })));
    expect(screen.queryByRole('status', { name: 'Loading progress' })).toBeNull();
  });

  it('shows a notice that comes with the state (connected all the same) until dismissed', async () => {
    const b = bridge();
    render(<ConnectionBar bridge={b} />);
    await screen.findByText('redis://127.0.0.1:6379');
    const notice = 'Connected, but could not record when this connection was last used (EISDIR)';
    act(() => b.emit('connection.state', status({ state: 'ready', notice })));
    expect(screen.getByRole('status', { name: 'Redis ready' })).toBeTruthy();
    const shown = screen.getByRole('status', { name: 'Connection notice' });
    expect(shown.textContent).toContain(notice);
    await userEvent.click(within(shown).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status', { name: 'Connection notice' })).toBeNull();
  });

  it('connects to a saved profile and deletes one only after confirming', async () => {
    const b = bridge()
      .reply('connection.connect', (args) => status({ url: 'redis://staging:6379', profileId: args.profileId }))
      .reply('profiles.delete', { deleted: true });
    render(<ConnectionBar bridge={b} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Connections…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connections' });
    const table = within(dialog).getByRole('table', { name: 'Saved profiles' });
    expect(within(table).getByText('staging')).toBeTruthy();
    expect(within(table).getByText('(password stored)')).toBeTruthy();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete profile staging' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete profile staging?' });
    expect(b.callsOf('profiles.delete')).toEqual([]);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete profile' }));
    expect(b.callsOf('profiles.delete')).toEqual([{ id: 'p1' }]);
    expect(within(dialog).queryByRole('table', { name: 'Saved profiles' })).toBeNull();
  });

  it('saves a profile with its password and validates the URL inline before calling', async () => {
    const b = bridge().reply('profiles.save', (args) => ({ id: 'p2', name: args.name, url: args.url, hasPassword: !!args.password }));
    render(<ConnectionBar bridge={b} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Connections…' }));
    const form = await screen.findByRole('form', { name: 'Save a profile' });
    await userEvent.type(within(form).getByLabelText('Profile name'), 'local');
    await userEvent.type(within(form).getByLabelText('Profile URL'), 'http://nope');
    await userEvent.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(screen.getByText('Profile URL: must start with redis:// or rediss://')).toBeTruthy();
    expect(b.callsOf('profiles.save')).toEqual([]);

    await userEvent.clear(within(form).getByLabelText('Profile URL'));
    await userEvent.type(within(form).getByLabelText('Profile URL'), 'redis://localhost:6380');
    await userEvent.type(within(form).getByLabelText('Password'), 'pw');
    await userEvent.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(b.callsOf('profiles.save')).toEqual([{ name: 'local', url: 'redis://localhost:6380', password: 'pw' }]);
    expect(await screen.findByRole('button', { name: 'Connect to local' })).toBeTruthy();
  });

  it('shows a failed connect in words inside the dialog', async () => {
    const b = bridge().fail('connection.connect', 'not_connected', 'connect ECONNREFUSED 127.0.0.1:7777');
    render(<ConnectionBar bridge={b} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Connections…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connections' });
    await userEvent.type(within(dialog).getByLabelText('Redis URL'), 'redis://127.0.0.1:7777');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await confirmSwitch('redis://127.0.0.1:7777');
    expect(b.callsOf('connection.connect')).toEqual([{ url: 'redis://127.0.0.1:7777' }]);
    expect(within(dialog).getByRole('alert').textContent).toContain('Redis is not connected: connect ECONNREFUSED 127.0.0.1:7777.');
    expect(within(dialog).getByRole('alert').textContent).toContain('connect ECONNREFUSED 127.0.0.1:7777');
  });

  it('says what a switch stops on the Redis it leaves (the demo and its keys, hosted instances, live feeds) and switches only when confirmed', async () => {
    const b = bridge()
      .reply('demo.status', {
        running: true,
        stream: 'demo-job-events-ab12',
        channel: 'demo-notifications-ab12',
        ratePerSec: 50,
        services: ['a', 'b'],
        instanceIds: ['1', '2'],
      })
      .reply('instances.list', [
        hosted('pod-1', 'billing', 'running'),
        hosted('pod-2', 'billing', 'paused'),
        hosted('gone', 'billing', 'left'),
      ])
      .reply('connection.connect', status({ url: 'redis://10.0.0.9:6379' }));
    render(<ConnectionBar bridge={b} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Connections…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connections' });
    await userEvent.type(within(dialog).getByLabelText('Redis URL'), 'redis://10.0.0.9:6379');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Connect' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Switch to redis://10.0.0.9:6379?' });
    const stops = await within(confirm).findByRole('list', { name: 'What stops' });
    expect(
      within(stops)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'the demo: its producer and instances stop, and its stream demo-job-events-ab12 and channel demo-notifications-ab12 are deleted',
      '2 hosted instances leave their groups (entries they hold stay pending for others to claim)',
      'every window’s live tails, flow watches and broadcast subscriptions (charts start a new history)',
    ]);
    expect(confirm.textContent).toContain('leaves redis://127.0.0.1:6379 for redis://10.0.0.9:6379');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(b.callsOf('connection.connect')).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await confirmSwitch('redis://10.0.0.9:6379');
    expect(b.callsOf('connection.connect')).toEqual([{ url: 'redis://10.0.0.9:6379' }]);
  });

  it('after a switch that could not reach the new Redis: says so with the attempts, Retry asks again, Back returns to where it worked', async () => {
    const dead = 'redis://10.0.0.9:6379';
    const b = bridge().reply('connection.connect', (args) =>
      'url' in args && args.url === dead
        ? status({ state: 'failed', url: dead, reason: `Could not reach ${dead}: connect ECONNREFUSED 10.0.0.9:6379 after 3 attempts` })
        : status(),
    );
    render(<ConnectionBar bridge={b} />);
    await screen.findByText('redis://127.0.0.1:6379');
    await userEvent.click(screen.getByRole('button', { name: 'Connections…' }));
    await userEvent.type(within(await screen.findByRole('dialog', { name: 'Connections' })).getByLabelText('Redis URL'), dead);
    await userEvent.click(within(screen.getByRole('dialog', { name: 'Connections' })).getByRole('button', { name: 'Connect' }));
    await confirmSwitch(dead);
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain(`Could not reach ${dead}: connect ECONNREFUSED 10.0.0.9:6379 after 3 attempts`);
    expect(screen.getByRole('status', { name: 'Redis failed' })).toBeTruthy();
    await userEvent.click(within(banner).getByRole('button', { name: 'Retry' }));
    expect(b.callsOf('connection.connect')).toEqual([{ url: dead }, { url: dead }]);
    await userEvent.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Back to redis://127.0.0.1:6379' }));
    // Back to the console's own default target, which is what it was connected to.
    expect(b.callsOf('connection.connect')).toEqual([{ url: dead }, { url: dead }, {}]);
    expect(await screen.findByRole('status', { name: 'Redis ready' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('closes the dialog with Escape', async () => {
    render(<ConnectionBar bridge={bridge()} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Connections…' }));
    expect(screen.getByRole('dialog', { name: 'Connections' })).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('connection store', () => {
  it('stops following pushed states after unsubscribe', async () => {
    const b = bridge();
    const store = createConnectionStore(b);
    const unsubscribe = store.getState().subscribe();
    b.emit('connection.state', status({ state: 'failed', reason: 'NOAUTH' }));
    expect(store.getState().status?.reason).toBe('NOAUTH');
    unsubscribe();
    expect(b.listenerCount('connection.state')).toBe(0);
  });
});

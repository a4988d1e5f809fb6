// @vitest-environment happy-dom
// The profile form's SSH and TLS sections, where secrets are said to be kept, and trusting an SSH
// host key from the connection bar.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConnectionBar } from '../../renderer/features/connection';
import { MemoryBridge } from './memoryBridge';
import { status } from './fixtures';

afterEach(cleanup);

const idleDemo = { running: false, stream: null, channel: null, ratePerSec: 50, services: [], instanceIds: [] };

const bridge = () =>
  new MemoryBridge()
    .reply('connection.status', status())
    .reply('profiles.list', [])
    .reply('profiles.secrets', { kind: 'keychain', unavailable: 'No OS keyring was found, so passwords and passphrases cannot be saved.' })
    .reply('demo.status', idleDemo)
    .reply('instances.list', []);

describe('profile SSH and TLS sections', () => {
  it('validates the SSH section before calling, then saves SSH (with a jump host) and TLS settings', async () => {
    const b = bridge().reply('profiles.save', (args) => ({ id: 'p9', name: args.name, url: args.url, hasPassword: false }));
    render(<ConnectionBar bridge={b} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Connections…' }));
    const form = await screen.findByRole('form', { name: 'Save a profile' });
    expect(within(form).getByText('No OS keyring was found, so passwords and passphrases cannot be saved.')).toBeTruthy();
    await userEvent.type(within(form).getByLabelText('Profile name'), 'prod');
    await userEvent.type(within(form).getByLabelText('Profile URL'), 'redis://10.0.0.5:6379');
    await userEvent.click(within(form).getByLabelText('Connect through an SSH tunnel'));
    await userEvent.type(within(form).getByLabelText('SSH host'), 'bastion.example');
    await userEvent.type(within(form).getByLabelText('SSH user'), 'ops');
    await userEvent.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(screen.getByText('SSH private key file: needs a private key file for key authentication')).toBeTruthy();
    expect(b.callsOf('profiles.save')).toEqual([]);

    await userEvent.type(within(form).getByLabelText('SSH private key file'), '/home/ops/.ssh/id_ed25519');
    await userEvent.type(within(form).getByLabelText('SSH key passphrase'), 'phrase');
    await userEvent.click(within(form).getByLabelText('Through a jump host'));
    await userEvent.type(within(form).getByLabelText('Jump host'), 'jump.example');
    await userEvent.type(within(form).getByLabelText('Jump user'), 'ops');
    await userEvent.selectOptions(within(form).getByLabelText('Jump sign-in'), 'SSH agent');
    await userEvent.click(within(form).getByLabelText('Use TLS (also on for rediss:// URLs)'));
    await userEvent.type(within(form).getByLabelText('CA certificate file'), '/etc/ssl/ca.pem');
    await userEvent.click(within(form).getByLabelText(/^Accept any server certificate/));
    await userEvent.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(b.callsOf('profiles.save')).toEqual([
      {
        name: 'prod',
        url: 'redis://10.0.0.5:6379',
        ssh: {
          host: 'bastion.example',
          port: 22,
          username: 'ops',
          auth: 'key',
          privateKeyPath: '/home/ops/.ssh/id_ed25519',
          secret: 'phrase',
          jump: { host: 'jump.example', port: 22, username: 'ops', auth: 'agent' },
        },
        tls: { caPath: '/etc/ssl/ca.pem', rejectUnauthorized: false },
      },
    ]);
  });

  it("fills a key file from the desktop app's open dialog", async () => {
    const b = bridge()
      .reply('profiles.secrets', { kind: 'keychain', fileDialog: true })
      .reply('profiles.chooseFile', { path: '/home/ops/.ssh/id_ed25519' });
    render(<ConnectionBar bridge={b} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Connections…' }));
    const form = await screen.findByRole('form', { name: 'Save a profile' });
    expect(
      within(form).getByText('Passwords and passphrases are kept encrypted by the OS keychain, never in the profile file.'),
    ).toBeTruthy();
    await userEvent.click(within(form).getByLabelText('Connect through an SSH tunnel'));
    await userEvent.click(within(form).getByRole('button', { name: 'Choose ssh private key file' }));
    expect(b.callsOf('profiles.chooseFile')).toEqual([{ purpose: 'sshKey' }]);
    expect((within(form).getByLabelText('SSH private key file') as HTMLInputElement).value).toBe('/home/ops/.ssh/id_ed25519');
  });

  it('offers to trust an unknown SSH host key, then connects again', async () => {
    const hostKey = { host: 'bastion.example', port: 22, fingerprint: `SHA256:${'A'.repeat(43)}` };
    const b = bridge()
      .reply(
        'connection.status',
        status({ state: 'failed', reason: 'The SSH host bastion.example:22 is not known yet.', unknownHostKey: hostKey }),
      )
      .reply('connection.trustHostKey', { trusted: true })
      .reply('connection.connect', status({ state: 'ready' }));
    render(<ConnectionBar bridge={b} />);
    await userEvent.click(await screen.findByRole('button', { name: `Trust host key ${hostKey.fingerprint} and connect` }));
    expect(b.callsOf('connection.trustHostKey')).toEqual([hostKey]);
    expect(b.callsOf('connection.connect')).toHaveLength(1);
  });
});

// What the SSH and TLS sections of the profile form hold, the profiles.save input made of it, and
// the words the form uses for each field (so a problem with the input names the field the user sees).
// Files (keys, certificates) are named by their path on the machine running Streamscope; secrets
// typed in the form go to the main process and never come back.
import type { ArgsIn } from '../../../shared/schemas';
import type { FilePurpose } from '../../state/connectionStore';

/** The desktop app's open dialog; undefined in web mode, where paths are typed. */
export type Choose = ((purpose: FilePurpose) => Promise<string | null>) | undefined;

export type SshAuth = 'key' | 'agent' | 'password';

export interface HopForm {
  host: string;
  port: string;
  username: string;
  auth: SshAuth;
  privateKeyPath: string;
  secret: string;
}

export interface ReachForm {
  ssh: HopForm & { enabled: boolean };
  jump: HopForm & { enabled: boolean };
  tls: { enabled: boolean; caPath: string; certPath: string; keyPath: string; servername: string; acceptAnyCertificate: boolean };
}

const emptyHop = (): HopForm => ({ host: '', port: '22', username: '', auth: 'key', privateKeyPath: '', secret: '' });

export const emptyReach = (): ReachForm => ({
  ssh: { ...emptyHop(), enabled: false },
  jump: { ...emptyHop(), enabled: false },
  tls: { enabled: false, caPath: '', certPath: '', keyPath: '', servername: '', acceptAnyCertificate: false },
});

type SaveInput = ArgsIn<'profiles.save'>;

function hopInput(hop: HopForm) {
  return {
    host: hop.host.trim(),
    // Empty means the default; anything else goes to the schema as typed, so "abc" or 70000 is named, not replaced.
    port: hop.port.trim() ? Number(hop.port.trim()) : 22,
    username: hop.username.trim(),
    auth: hop.auth,
    ...(hop.auth === 'key' && hop.privateKeyPath.trim() ? { privateKeyPath: hop.privateKeyPath.trim() } : {}),
    ...(hop.auth !== 'agent' && hop.secret ? { secret: hop.secret } : {}),
  };
}

/** The `ssh` and `tls` fields of profiles.save for what the form holds. */
export function reachInput(form: ReachForm): Pick<SaveInput, 'ssh' | 'tls'> {
  const t = form.tls;
  return {
    ...(form.ssh.enabled ? { ssh: { ...hopInput(form.ssh), ...(form.jump.enabled ? { jump: hopInput(form.jump) } : {}) } } : {}),
    ...(t.enabled
      ? {
          tls: {
            ...(t.caPath.trim() ? { caPath: t.caPath.trim() } : {}),
            ...(t.certPath.trim() ? { certPath: t.certPath.trim() } : {}),
            ...(t.keyPath.trim() ? { keyPath: t.keyPath.trim() } : {}),
            ...(t.servername.trim() ? { servername: t.servername.trim() } : {}),
            rejectUnauthorized: !t.acceptAnyCertificate,
          },
        }
      : {}),
  };
}

/** What the form calls each field of an SSH hop ("SSH host", "Jump private key file"). */
export const HOP_WORDS = {
  host: 'host',
  port: 'port',
  username: 'user',
  privateKeyPath: 'private key file',
  secret: 'password or passphrase',
};
export const TLS_WORDS: Record<string, string> = {
  'tls.caPath': 'CA certificate file',
  'tls.certPath': 'Client certificate file',
  'tls.keyPath': 'Client key file',
  'tls.servername': 'Server name (SNI)',
};

/** The label the form shows for a path of the `ssh`/`tls` input, so a problem names the field the user sees. */
export function reachFieldLabel(path: string): string | undefined {
  const hop = /^ssh\.(jump\.)?(host|port|username|privateKeyPath|secret)$/.exec(path);
  if (hop) return `${hop[1] ? 'Jump' : 'SSH'} ${HOP_WORDS[hop[2] as keyof typeof HOP_WORDS]}`;
  return TLS_WORDS[path];
}

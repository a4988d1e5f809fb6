// Connection and saved profiles as contract methods. Secrets go into the store and never come
// back out: replies carry ConnectionProfile (hasPassword / hasSecret only) and redacted URLs.
import { access, constants } from 'node:fs/promises';
import type { ConnectionStatus } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import type { Args } from '../../shared/schemas';
import type { Area } from './context';
import type { KnownHosts } from './known-hosts';
import type { ProfileStore } from './profiles';
import { exportConnections, importConnections } from './profile-transfer';

export interface ConnectionControl {
  status(): ConnectionStatus;
  /** Switch to a URL, a saved profile, or (neither) the default resolution. */
  connect(request: { url?: string; profileId?: string }): Promise<ConnectionStatus>;
}

/** Every file a profile names must be readable now, so a typo is named at save, not at connect. */
async function checkProfileFiles(input: Args<'profiles.save'>): Promise<void> {
  const files: Array<[string, string | undefined]> = [
    ['ssh.privateKeyPath', input.ssh?.auth === 'key' ? input.ssh.privateKeyPath : undefined],
    ['ssh.jump.privateKeyPath', input.ssh?.jump?.auth === 'key' ? input.ssh.jump.privateKeyPath : undefined],
    ['tls.caPath', input.tls?.caPath],
    ['tls.certPath', input.tls?.certPath],
    ['tls.keyPath', input.tls?.keyPath],
  ];
  for (const [field, file] of files) {
    if (!file) continue;
    try {
      await access(file, constants.R_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'it is not readable' : (code ?? (e as Error).message);
      throw new ContractError('invalid_args', `profiles.save ${field}: ${file} cannot be used: ${why}`);
    }
  }
}

export type FilePurpose = Args<'profiles.chooseFile'>['purpose'];

/** The desktop app's native open dialog; absent in web mode, where the page types the path. */
export type ChooseFile = (purpose: FilePurpose) => Promise<string | null>;

export function createConnectionArea(
  control: ConnectionControl,
  profiles: ProfileStore,
  knownHosts: KnownHosts,
  chooseFile?: ChooseFile,
): Area {
  return {
    handlers: {
      'connection.status': async () => control.status(),
      'connection.connect': async ({ url, profileId }) => {
        if (url && profileId) throw new ContractError('invalid_args', 'connection.connect: give either url or profileId, not both');
        if (profileId && !(await profiles.get(profileId))) throw new ContractError('not_found', `no saved profile ${profileId}`);
        return control.connect({ url, profileId });
      },
      // Only the key the last connection attempt was shown may be trusted, and never over a remembered one.
      'connection.trustHostKey': async ({ host, port, fingerprint }) => {
        const offered = control.status().unknownHostKey;
        if (!offered || offered.host !== host || offered.port !== port || offered.fingerprint !== fingerprint) {
          throw new ContractError(
            'conflict',
            `The SSH host key ${fingerprint} for ${host}:${port} is not the one the last connection attempt was shown.`,
          );
        }
        const remembered = knownHosts.fingerprint(host, port);
        if (remembered && remembered !== fingerprint) {
          throw new ContractError('conflict', `A different key (${remembered}) is already remembered for the SSH host ${host}:${port}.`);
        }
        knownHosts.remember(host, port, fingerprint);
        return { trusted: true };
      },
      'profiles.list': async () => profiles.list(),
      'profiles.save': async (input) => {
        if (input.id && !(await profiles.get(input.id))) throw new ContractError('not_found', `no saved profile ${input.id}`);
        await checkProfileFiles(input);
        return profiles.save(input);
      },
      'profiles.delete': async ({ id }) => ({ deleted: await profiles.delete(id) }),
      'profiles.export': async () => exportConnections(profiles),
      'profiles.import': async ({ json, dryRun }) => importConnections(profiles, json, dryRun),
      'profiles.secrets': async () => ({ ...profiles.secretStorage(), ...(chooseFile ? { fileDialog: true } : {}) }),
      'profiles.chooseFile': async ({ purpose }) => {
        if (!chooseFile) throw new ContractError('not_found', 'Choosing a file needs the desktop app; type the file path instead.');
        return { path: await chooseFile(purpose) };
      },
    },
  };
}

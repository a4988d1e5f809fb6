// Connection and saved profiles as contract methods. Passwords go into the store and never come
// back out: replies carry ConnectionProfile (hasPassword only) and redacted URLs.
import type { ConnectionStatus } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import type { Area } from './context';
import type { ProfileStore } from './profiles';

export interface ConnectionControl {
  status(): ConnectionStatus;
  /** Switch to a URL, a saved profile, or (neither) the default resolution. */
  connect(request: { url?: string; profileId?: string }): Promise<ConnectionStatus>;
}

export function createConnectionArea(control: ConnectionControl, profiles: ProfileStore): Area {
  return {
    handlers: {
      'connection.status': async () => control.status(),
      'connection.connect': async ({ url, profileId }) => {
        if (url && profileId) throw new ContractError('invalid_args', 'connection.connect: give either url or profileId, not both');
        if (profileId && !(await profiles.get(profileId))) throw new ContractError('not_found', `no saved profile ${profileId}`);
        return control.connect({ url, profileId });
      },
      'profiles.list': async () => profiles.list(),
      'profiles.save': async (input) => {
        if (input.id && !(await profiles.get(input.id))) throw new ContractError('not_found', `no saved profile ${input.id}`);
        return profiles.save(input);
      },
      'profiles.delete': async ({ id }) => ({ deleted: await profiles.delete(id) }),
    },
  };
}

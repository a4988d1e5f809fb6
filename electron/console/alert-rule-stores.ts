// Where a connection's alert rules are kept: in its saved profile, or, for a connection made
// without one, in memory per URL for as long as the console runs.
import { ContractError } from '../../shared/reply';
import { memoryRuleStore, type AlertRuleStore } from './alerts';
import type { ProfileStore } from './profiles';

/** The rule store of a connection (`target` null or undefined: none yet, kept under the empty URL). */
export function alertRuleStores(
  profiles: ProfileStore,
): (target: { profileId?: string; url: string } | null | undefined) => AlertRuleStore {
  const memoryRules = new Map<string, AlertRuleStore>();
  return (target) => {
    const profileId = target?.profileId;
    if (profileId) {
      return {
        where: 'profile',
        load: async () => (await profiles.get(profileId))?.alerts?.rules ?? [],
        save: async (rules) => {
          const profile = await profiles.get(profileId);
          if (!profile) throw new ContractError('not_found', `The saved profile ${profileId} is gone, so its alert rules cannot be saved.`);
          await profiles.save({ ...profile, alerts: { rules } });
        },
      };
    }
    const url = target?.url ?? '';
    if (!memoryRules.has(url)) memoryRules.set(url, memoryRuleStore());
    return memoryRules.get(url)!;
  };
}

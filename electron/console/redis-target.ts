// Which Redis the console uses: the URL asked for, a saved profile, REDIS_URL (or the URL the
// console was started with), the profile it was started with, whatever answers on the default
// address, or else a private redis-server it starts (the embedded default).
import type { ConnectionStatus } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import { INSTALL_HINT, probeRedis, RedisServerMissing, type EmbeddedRedis } from './embedded-redis';
import type { KnownHosts } from './known-hosts';
import { safetyOf, type ProfileStore } from './profiles';
import type { RedisTarget } from './redis-connection';

export interface TargetSources {
  /** The URL and profile the console was started with, and its default-Redis choices. */
  opts: { redis?: string; profileId?: string; embedded?: boolean; defaultRedis?: { host: string; port: number } };
  env: Record<string, string | undefined>;
  profiles: ProfileStore;
  knownHosts: KnownHosts;
  /** The embedded redis-server, started on first need. */
  embedded(): Promise<EmbeddedRedis>;
  /** Says why no Redis can be used (the target is then null). */
  unavailable(status: ConnectionStatus): void;
}

export async function resolveTarget(request: { url?: string; profileId?: string }, sources: TargetSources): Promise<RedisTarget | null> {
  const { opts, env, profiles, knownHosts } = sources;
  if (request.url) return { url: request.url, embedded: false };
  if (request.profileId) {
    const profile = await profiles.get(request.profileId);
    if (!profile) throw new ContractError('not_found', `no saved profile ${request.profileId}`);
    return {
      url: profile.url,
      username: profile.username,
      password: profile.password,
      keyPrefix: profile.keyPrefix,
      profileId: profile.id,
      embedded: false,
      safety: safetyOf(profile),
      ...(profile.ssh ? { ssh: profile.ssh } : {}),
      ...(profile.tls ? { tls: profile.tls } : {}),
      knownHosts,
    };
  }
  const fromEnv = opts.redis ?? env.REDIS_URL;
  if (fromEnv) return { url: fromEnv, embedded: false };
  if (opts.profileId) return resolveTarget({ profileId: opts.profileId }, sources);
  const probe = opts.defaultRedis ?? { host: '127.0.0.1', port: 6379 };
  const defaultUrl = `redis://${probe.host}:${probe.port}`;
  if (await probeRedis(probe.host, probe.port)) return { url: defaultUrl, embedded: false };
  if (opts.embedded === false) {
    sources.unavailable({
      state: 'failed',
      url: defaultUrl,
      embedded: false,
      reason: `Nothing answers on ${probe.host}:${probe.port}: ${INSTALL_HINT}`,
    });
    return null;
  }
  try {
    return { url: (await sources.embedded()).url, embedded: true };
  } catch (error) {
    const reason =
      error instanceof RedisServerMissing
        ? error.message
        : `Could not start an embedded redis-server: ${(error as Error).message}; ${INSTALL_HINT}`;
    sources.unavailable({ state: 'failed', url: defaultUrl, embedded: false, reason });
    return null;
  }
}

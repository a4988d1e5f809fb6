// One command's session: the console service in-process on the chosen Redis (never an embedded
// one), reached through the direct transport, so every call goes through the same validating
// dispatcher as the desktop and web UIs.
import { createConsole, type ConsoleService } from '../console';
import { redactUrl } from '../console/redact';
import { createDirectBridge } from '../transport/direct';
import type { Api } from '../../shared/api';
import type { MethodName } from '../../shared/schemas';
import type { Bridge } from '../../shared/bridge';
import { CliError, EXIT, exitFor } from './exit-codes';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface Session {
  bridge: Bridge;
  /** Calls a contract method; a failure becomes a CliError with the exit code for its error code. */
  call<M extends MethodName>(method: M, args: Api[M]['args']): Promise<Api[M]['result']>;
  close(): Promise<void>;
}

export function redisUrlFrom(option: string | undefined, env: NodeJS.ProcessEnv): string {
  const url = option ?? env.REDIS_URL ?? DEFAULT_REDIS_URL;
  if (!/^rediss?:\/\//.test(url)) throw new CliError(`--redis must be a redis:// or rediss:// URL, got ${JSON.stringify(url)}`, EXIT.usage);
  return url;
}

export async function openSession(url: string): Promise<Session> {
  // No idle stop for transfers: this process feeds and reads its own jobs for as long as it runs
  // (an import from a pipe may wait on its input for hours).
  const service: ConsoleService = await createConsole({ redis: url, embedded: false, transfer: { idleTimeoutMs: null } });
  const bridge = createDirectBridge(service);
  const status = await bridge.invoke('connection.status', {});
  if (!status.ok || status.value.state !== 'ready') {
    await service.close();
    const reason = status.ok ? (status.value.reason ?? status.value.state) : status.error.message;
    // The connection's own reason may name the URL already ("Could not reach <url>: …"): say it once.
    const where = redactUrl(url);
    const why = reason.startsWith(`Could not reach ${where}: `) ? reason.slice(`Could not reach ${where}: `.length) : reason;
    throw new CliError(`Redis unreachable at ${where}: ${why}`, EXIT.unreachable);
  }
  return {
    bridge,
    call: async (method, args) => {
      const reply = await bridge.invoke(method, args);
      if (!reply.ok) throw new CliError(reply.error.message, exitFor(reply.error.code));
      return reply.value;
    },
    close: () => service.close(),
  };
}

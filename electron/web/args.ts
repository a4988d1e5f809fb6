// Command-line options of web mode, parsed with node:util parseArgs.
import { parseArgs } from 'node:util';
import { DEFAULT_WEB_PORT } from './server';

export const USAGE = 'usage: npm run web -- [--port N] [--redis redis://host:6379] [--host 127.0.0.1] [--allow-remote] [--static DIR]';

export function parseWebArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      redis: { type: 'string' },
      host: { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
      static: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = values.port === undefined ? DEFAULT_WEB_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number 0-65535, got ${JSON.stringify(values.port)}`);
  if (values.redis !== undefined && !/^rediss?:\/\//.test(values.redis))
    throw new Error(`--redis must be a redis:// or rediss:// URL, got ${JSON.stringify(values.redis)}`);
  return {
    port,
    redis: values.redis,
    host: values.host ?? '127.0.0.1',
    allowRemote: values['allow-remote'],
    staticDir: values.static,
    help: values.help,
  };
}

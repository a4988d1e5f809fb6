// `npm run web`: serve the built renderer and the console over WebSocket on 127.0.0.1, and print
// exactly one line with the URL to open (it carries this launch's token).
import { homedir } from 'node:os';
import path from 'node:path';
import { MemoryKnownHosts } from '../console/known-hosts';
import { OpenSshKnownHosts } from '../console/openssh-known-hosts';
import { parseWebArgs, USAGE } from './args';
import { startWebServer } from './server';

async function main(): Promise<void> {
  let args: ReturnType<typeof parseWebArgs>;
  try {
    args = parseWebArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  // Confirmed host keys stay in memory in web mode; the user's OpenSSH known_hosts is read as in the desktop app.
  const knownHosts = new MemoryKnownHosts(new OpenSshKnownHosts(path.join(homedir(), '.ssh', 'known_hosts')));
  const server = await startWebServer({ ...args, consoleOptions: { knownHosts } });
  console.log(`Streamscope web mode: ${server.url}`);
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    // Stops an embedded redis-server too, so none is left behind.
    void server.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  console.error(`Streamscope web mode failed to start: ${error.message}`);
  process.exit(1);
});

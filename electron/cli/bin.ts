// The process entry of the command line (npm run cli, the `streamscope` bin, dist/electron/cli.cjs).
import { main } from './main';

main({ argv: process.argv.slice(2), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    // Let stdout drain before exiting: process.exit would cut a pipe's last writes short. An empty
    // write's callback runs once every earlier write is flushed; a reader that never reads does
    // not keep the process alive past 10 s.
    process.exitCode = code;
    process.stdout.write('', () => process.exit(code));
    setTimeout(() => process.exit(code), 10_000).unref();
  },
  (error: Error) => {
    process.stderr.write(`streamscope: ${error.message}\n`);
    process.exit(1);
  },
);

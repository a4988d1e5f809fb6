// The process entry of the command line (npm run cli, the `streamscope` bin, dist/electron/cli.cjs).
import { main } from './main';

main({ argv: process.argv.slice(2), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    // Let stdout drain before exiting: process.exit would cut a pipe's last writes short.
    process.exitCode = code;
    setImmediate(() => process.exit(code)).unref();
  },
  (error: Error) => {
    process.stderr.write(`streamscope: ${error.message}\n`);
    process.exit(1);
  },
);

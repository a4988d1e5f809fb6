// `streamscope`: the console's command line, the kcat of Redis Streams. Each command opens the
// console service in-process on one Redis and calls the same contract methods as the UIs
// (through the direct transport's validating dispatcher). Plain Node: never imports Electron.
// Exit codes are in exit-codes.ts and docs/cli.md.
import { Command, CommanderError, Option } from 'commander';
import { CliError, EXIT } from './exit-codes';
import { count, duration, when } from './format';
import { groups, pending, prune } from './admin';
import { openSession, redisUrlFrom, type Session } from './session';
import { exportStream, importStream, publish, tail, type Output } from './streams';

interface Globals {
  redis?: string;
  json?: boolean;
}

export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

function program(io: CliIo, run: (globals: Globals, work: (session: Session, out: Output) => Promise<void>) => Promise<void>): Command {
  const cli = new Command('streamscope')
    .description('See and change Redis Streams from a terminal or a script: tail, publish, export, import, groups, pending, prune.')
    .option('--redis <url>', 'Redis URL (default: $REDIS_URL, else redis://127.0.0.1:6379)')
    .option('--json', 'JSON / NDJSON output even on a terminal (the default in pipes)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`streamscope: ${s.replace(/^error: /, '').trim()}\n`),
    })
    .showSuggestionAfterError(true);
  const globals = (cmd: Command) => cmd.optsWithGlobals<Globals>();

  cli
    .command('tail')
    .description('print the newest entries of a stream; with -f, keep printing new ones until Ctrl-C')
    .argument('<stream>', 'stream name')
    .option('-n, --count <n>', 'how many of the newest entries', count('--count'), 10)
    .option('-f, --follow', 'keep following new entries', false)
    .action((stream: string, opts: { count: number; follow: boolean }, cmd: Command) =>
      run(globals(cmd), (s, out) => tail(s, out, stream, opts)),
    );

  cli
    .command('publish')
    .description('publish a JSON payload as an event (XADD … msg <json>), or one per line of stdin with --ndjson')
    .argument('<stream>', 'stream (or channel, with --broadcast)')
    .argument('[payload]', 'JSON payload; read from stdin when left out')
    .option('--ndjson', 'stdin holds one JSON payload per line', false)
    .option('--broadcast', 'PUBLISH to a broadcast channel instead of a stream', false)
    .action((stream: string, payload: string | undefined, opts: { ndjson: boolean; broadcast: boolean }, cmd: Command) =>
      run(globals(cmd), (s, out) => publish(s, out, stream, payload, opts, io.stdin)),
    );

  cli
    .command('export')
    .description('write entries as NDJSON (one entry per line, every byte kept), CSV or raw values')
    .argument('<stream>', 'stream name')
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'csv', 'raw']).default('ndjson'))
    .option('--from <id>', 'first id (inclusive; default: the start)')
    .option('--to <id>', 'last id (inclusive; default: the newest entry when the export starts)')
    .option('--since <time>', 'from this time: epoch ms, 2026-11-27T10:15, or a time ago like 15m', when('--since'))
    .option('--until <time>', 'up to this time (same forms as --since)', when('--until'))
    .option('--ids <ids>', 'only these ids, comma-separated')
    .option('--last <n>', 'the newest N entries', count('--last'))
    .option('--limit <n>', 'at most N entries', count('--limit'))
    .option('--filter <expr>', 'only entries this CEL expression matches (over decoded values, as the Entries view scans)')
    .option('--scan-entries <n>', 'with --filter: read at most N entries (default 1000000)', count('--scan-entries'))
    .option('--scan-time <duration>', 'with --filter: scan for at most this long (default 30s, at most 10m)', duration('--scan-time'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((stream: string, opts: Parameters<typeof exportStream>[3], cmd: Command) =>
      run(globals(cmd), (s, out) => exportStream(s, out, stream, opts)),
    );

  cli
    .command('import')
    .description('write NDJSON entries (the export format) from a file or stdin into a stream')
    .argument('<stream>', 'target stream (created if missing)')
    .argument('[file]', 'NDJSON file; stdin when left out')
    .option('--keep-ids', "write each entry with its id (they must grow past the stream's last id)", false)
    .option('--rate <n>', 'at most N entries per second', count('--rate'))
    .option('--dry-run', 'check every line and report what would be written; write nothing', false)
    .action((stream: string, file: string | undefined, opts: { keepIds: boolean; rate?: number; dryRun: boolean }, cmd: Command) =>
      run(globals(cmd), (s, out) => importStream(s, out, stream, file, opts, io.stdin)),
    );

  cli
    .command('groups')
    .description("list a stream's consumer groups with their pending entries and lag")
    .argument('<stream>', 'stream name')
    .action((stream: string, _opts: unknown, cmd: Command) => run(globals(cmd), (s, out) => groups(s, out, stream)));

  cli
    .command('pending')
    .description("list a group's pending entries (delivered, not acknowledged)")
    .argument('<stream>', 'stream name')
    .argument('<group>', 'consumer group')
    .option('--consumer <name>', 'only this consumer (instance)')
    .option('-n, --count <n>', 'at most N entries', count('--count'), 100)
    .action((stream: string, group: string, opts: { consumer?: string; count: number }, cmd: Command) =>
      run(globals(cmd), (s, out) => pending(s, out, stream, group, opts)),
    );

  cli
    .command('prune')
    .description('trim a stream by length or age; safe mode keeps entries still pending or undelivered')
    .argument('<stream>', 'stream name')
    .option('--maxlen <n>', 'keep the newest N entries', count('--maxlen', 0))
    .option('--max-age <duration>', 'remove entries older than this (90s, 15m, 12h, 7d)', duration('--max-age'))
    .option('--unsafe', 'also remove entries still pending or not yet delivered', false)
    .option('--dry-run', 'only say what would be removed', false)
    .option('-y, --yes', 'do not ask for confirmation', false)
    .action((stream: string, opts: Parameters<typeof prune>[3], cmd: Command) =>
      run(globals(cmd), (s, out) => prune(s, out, stream, opts, io.stdin)),
    );

  return cli;
}

/** Runs the command line; resolves to the exit code. */
export async function main(io: CliIo): Promise<number> {
  const run = async (globals: Globals, work: (session: Session, out: Output) => Promise<void>) => {
    const session = await openSession(redisUrlFrom(globals.redis, io.env));
    try {
      await work(session, { json: globals.json === true || !io.stdout.isTTY, stdout: io.stdout, stderr: io.stderr });
    } finally {
      await session.close();
    }
  };
  try {
    await program(io, run).parseAsync(io.argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with code 0; every other parse failure was printed by outputError.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const exitCode = error instanceof CliError ? error.exitCode : EXIT.failed;
    io.stderr.write(`streamscope: ${(error as Error).message}\n`);
    return exitCode;
  }
}

// The command line as a child process: the bundle `vite build --mode main` emits (built once per
// test file into .tmp/), fed stdin, with its stdout bytes, stderr text and exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

export const root = join(import.meta.dirname, '..', '..');

export interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Builds the CLI bundle into a fresh folder under .tmp/ (inside the project, so its dependencies resolve). */
export async function buildCli(): Promise<{ path: string; dispose(): void }> {
  const outDir = join(root, '.tmp', `cli-${randomBytes(4).toString('hex')}`);
  await build({ root, mode: 'main', logLevel: 'error', build: { outDir, emptyOutDir: true } });
  return { path: join(outDir, 'cli.cjs'), dispose: () => rmSync(outDir, { recursive: true, force: true }) };
}

export function start(cli: string, args: string[], env: Record<string, string | undefined> = {}): ChildProcess {
  return spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, REDIS_URL: undefined, ...env }, stdio: 'pipe' });
}

/** Collects a started child's output until it exits. */
export function finish(child: ChildProcess): Promise<Run> {
  const out: Buffer[] = [];
  let err = '';
  child.stdout?.on('data', (b: Buffer) => out.push(b));
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
  });
}

/** Runs the CLI to its end with `input` on stdin. */
export function run(
  cli: string,
  args: string[],
  opts: { input?: string | Buffer; env?: Record<string, string | undefined> } = {},
): Promise<Run> {
  const child = start(cli, args, opts.env);
  const done = finish(child);
  child.stdin?.end(opts.input ?? '');
  return done;
}

/** Runs a shell line (pipes between CLI runs); `$CLI` is the node command for the bundle. */
export function shell(cli: string, line: string, env: Record<string, string> = {}): Promise<Run> {
  const child = spawn('sh', ['-c', line], {
    cwd: root,
    env: { ...process.env, REDIS_URL: undefined, CLI: `${process.execPath} ${cli}`, ...env },
    stdio: 'pipe',
  });
  const done = finish(child);
  child.stdin.end();
  return done;
}

/** Runs the CLI under a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
export function onTerminal(cli: string, args: string[]): Promise<Run> {
  const quoted = [process.execPath, cli, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qec', `stty cols 200; ${quoted}`, '/dev/null'], {
    cwd: root,
    env: { ...process.env, REDIS_URL: undefined },
    stdio: 'pipe',
  });
  const done = finish(child);
  child.stdin.end();
  return done;
}

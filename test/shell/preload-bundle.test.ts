// Builds the real preload bundle (vite --mode preload) and runs it the way a sandboxed renderer
// would: a CommonJS wrapper whose require knows only 'electron', here a recording stand-in.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { runInNewContext } from 'node:vm';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_GLOBAL, IPC_EVENT, IPC_INVOKE, type Bridge } from '../../shared/bridge';

const root = join(import.meta.dirname, '..', '..');

interface Loaded {
  exposed: Array<{ name: string; value: unknown }>;
  ipc: EventEmitter & { invocations: unknown[][] };
}

function loadPreload(code: string): Loaded {
  const exposed: Loaded['exposed'] = [];
  const ipc = Object.assign(new EventEmitter(), {
    invocations: [] as unknown[][],
    invoke: async (...args: unknown[]) => {
      ipc.invocations.push(args);
      return { ok: true, value: { echoed: args } };
    },
  });
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, value: unknown) => exposed.push({ name, value }) },
    ipcRenderer: ipc,
  };
  const requireInSandbox = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${JSON.stringify(name)}`);
  };
  const module = { exports: {} };
  // A sandboxed preload has the web's globals, timers included (the bridge times out unanswered calls).
  runInNewContext(`(function (exports, require, module) {\n${code}\n})`, { console, setTimeout, clearTimeout })(
    module.exports,
    requireInSandbox,
    module,
  );
  return { exposed, ipc };
}

describe('preload bundle', () => {
  let outDir: string;
  let code: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'streamscope-preload-'));
    await build({ root, configFile: join(root, 'vite.config.ts'), mode: 'preload', logLevel: 'silent', build: { outDir } });
    code = readFileSync(join(outDir, 'preload.cjs'), 'utf8');
  }, 60_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('is one CommonJS file that requires nothing but electron', () => {
    const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/^\s*import\s|^\s*export\s/m);
    expect(() => loadPreload(code)).not.toThrow();
  });

  it('carries the static allow-lists and no schema library (a few kB, not zod)', () => {
    // zod in the preload once broke it (top-level code that needs APIs a sandbox may lack); the
    // methods list is static (shared/methods.ts) so the bundle has no reason to carry schemas.
    expect(code).not.toMatch(/zod|ZodError|superRefine|safeParse/);
    expect(code).toContain('"entries.page"');
    expect(code).toContain('"connection.state"');
    expect(Buffer.byteLength(code)).toBeLessThan(16 * 1024);
  });

  it('exposes exactly one object, the bridge, with invoke and on and nothing else', () => {
    const { exposed, ipc } = loadPreload(code);
    expect(exposed.map((e) => e.name)).toEqual([BRIDGE_GLOBAL]);
    const bridge = exposed[0].value as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(typeof bridge.invoke).toBe('function');
    expect(typeof bridge.on).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(bridge).not.toBe(ipc);
    expect(Object.values(bridge)).not.toContain(ipc);
  });

  it('sends contract calls on the invoke channel and refuses unknown methods locally', async () => {
    const { exposed, ipc } = loadPreload(code);
    const bridge = exposed[0].value as Bridge;
    const reply = await bridge.invoke('connection.status', {});
    expect(reply).toEqual({ ok: true, value: { echoed: [IPC_INVOKE, 'connection.status', {}] } });
    const refused = await (bridge.invoke as (m: string, a: unknown) => Promise<unknown>)('fs.readFile', { path: '/etc/passwd' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(ipc.invocations).toHaveLength(1);
  });

  it('delivers pushed events to listeners until they unsubscribe', () => {
    const { exposed, ipc } = loadPreload(code);
    const bridge = exposed[0].value as Bridge;
    const seen: unknown[] = [];
    const off = bridge.on('connection.state', (payload) => seen.push(payload));
    const status = { state: 'ready', url: 'redis://127.0.0.1:6379', embedded: false };
    ipc.emit(IPC_EVENT, {}, { event: 'connection.state', payload: status });
    ipc.emit(IPC_EVENT, {}, { event: 'not.an.event', payload: 1 });
    off();
    ipc.emit(IPC_EVENT, {}, { event: 'connection.state', payload: status });
    expect(seen).toEqual([status]);
  });
});

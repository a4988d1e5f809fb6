// Runs electron/main.ts against a recording stand-in for the electron module (the real one needs
// the binary) and the real console over the real Redis: checks that every guard from
// electron/shell/ is actually wired to the window, the session, IPC, the menu and the app.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE } from '../../shared/bridge';
import type { Reply } from '../../shared/reply';
import { RENDERER_CSP_HEADER } from '../../electron/shell/csp';

const fake = await vi.hoisted(async () => {
  // vi.hoisted runs before imports, so the emitter class is imported here.
  const { EventEmitter: Emitter } = await import('node:events');
  const order: string[] = [];
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    userData: '',
    requestSingleInstanceLock: () => (order.push('lock'), true),
    enableSandbox: () => order.push('enableSandbox'),
    protocols: [] as string[],
    setAsDefaultProtocolClient: (scheme: string) => (app.protocols.push(scheme), true),
    whenReady: () => (order.push('whenReady'), Promise.resolve()),
    getPath: (name: string) => (name === 'userData' ? app.userData : '/nonexistent'),
    getVersion: () => '0.1.0',
    exit: (code: number) => order.push(`exit ${code}`),
    quit: () => order.push('quit'),
  });
  const windows: FakeWindow[] = [];
  class FakeWebContents extends Emitter {
    url = '';
    sent: unknown[][] = [];
    openHandler: (() => unknown) | null = null;
    setWindowOpenHandler(h: () => unknown) {
      this.openHandler = h;
    }
    getURL() {
      return this.url;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    isDestroyed() {
      return false;
    }
  }
  class FakeWindow extends Emitter {
    webContents = new FakeWebContents();
    loaded: string[] = [];
    focused = 0;
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    static getAllWindows() {
      return windows;
    }
    async loadURL(url: string) {
      this.loaded.push(url);
      this.webContents.url = url;
    }
    maximize() {}
    show() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      this.focused++;
    }
    isDestroyed() {
      return this.destroyed;
    }
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 40, y: 30, width: 1111, height: 777 };
    }
  }
  type Handler = (...args: never[]) => unknown;
  const sessionHandlers: Record<string, Handler> = {};
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const dialogs: Array<Record<string, unknown>> = [];
  let menu: unknown[] = [];
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => (sessionHandlers.request = h),
        setPermissionCheckHandler: (h: Handler) => (sessionHandlers.check = h),
        setDevicePermissionHandler: (h: Handler) => (sessionHandlers.device = h),
        webRequest: { onHeadersReceived: (h: Handler) => (sessionHandlers.headers = h) },
      },
    },
    ipcMain: {
      handle: (channel: string, h: (event: unknown, ...args: unknown[]) => Promise<unknown>) => ipcHandlers.set(channel, h),
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (t: unknown[]) => t,
      setApplicationMenu: (m: unknown[]) => (menu = m),
    },
    dialog: {
      showErrorBox: (title: string, content: string) => dialogs.push({ title, content }),
      showMessageBox: async (...args: unknown[]) => (dialogs.push(args.at(-1) as Record<string, unknown>), { response: 0 }),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => Buffer.from(`enc:${[...s].reverse().join('')}`),
      decryptString: (b: Buffer) => [...b.toString().slice(4)].reverse().join(''),
    },
  };
  return { electron, app, windows, sessionHandlers, ipcHandlers, dialogs, order, getMenu: () => menu };
});

vi.mock('electron', () => fake.electron);

type MenuItem = { role?: string; label?: string; click?: () => void; submenu?: MenuItem[] };
const flatten = (items: MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);

describe('electron/main.ts wiring', () => {
  let userData: string;
  const ourFrame = () => ({ senderFrame: { url: fake.windows[0].loaded[0] } });
  const invoke = (event: unknown, method: string, args: unknown) =>
    fake.ipcHandlers.get(IPC_INVOKE)!(event, method, args) as Promise<Reply<Record<string, unknown>>>;

  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'streamscope-userdata-'));
    fake.app.userData = userData;
    process.env.REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    await import('../../electron/main');
    // Startup connects to Redis; on a loaded machine that can take a while.
    await vi.waitFor(
      () => {
        // A startup failure shows an error box; say what it said instead of timing out.
        expect(fake.dialogs.filter((d) => 'content' in d)).toEqual([]);
        expect(fake.windows[0]?.loaded.length).toBe(1);
      },
      { timeout: 50_000 },
    );
  }, 60_000);

  afterAll(async () => {
    // Quit the way Electron does, so the console closes its Redis connections.
    fake.app.emit('before-quit', { preventDefault: () => {} });
    await vi.waitFor(() => expect(fake.order).toContain('quit'), { timeout: 10_000 });
    rmSync(userData, { recursive: true, force: true });
  });

  it('takes the single-instance lock and sandboxes every renderer before the app is ready', () => {
    expect(fake.order.slice(0, 3)).toEqual(['lock', 'enableSandbox', 'whenReady']);
  });

  it('opens one window with the isolated webPreferences and our preload, loading our index over file://', () => {
    expect(fake.windows).toHaveLength(1);
    const wp = fake.windows[0].options.webPreferences as Record<string, unknown>;
    expect(wp).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(wp.preload)).toMatch(/preload\.cjs$/);
    expect(fake.windows[0].loaded[0]).toMatch(/^file:\/\/\/.*\/renderer\/index\.html$/);
  });

  it('denies navigation away from the renderer and every new window', () => {
    const wc = fake.windows[0].webContents;
    const attempt = (eventName: string, url: string) => {
      const event = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      wc.emit(eventName, event, url);
      return event.prevented;
    };
    expect(attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(attempt('will-navigate', `${fake.windows[0].loaded[0]}#/streams`)).toBe(false);
    expect(attempt('will-attach-webview', 'about:blank')).toBe(true);
    expect(wc.openHandler!()).toEqual({ action: 'deny' });
  });

  it('denies permission requests and checks, and replaces the CSP header of responses', () => {
    const ours = fake.windows[0].loaded[0];
    const decide = (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined;
      (fake.sessionHandlers.request as (...a: unknown[]) => void)(fake.windows[0].webContents, permission, (g: boolean) => (granted = g), {
        requestingUrl,
      });
      return granted;
    };
    expect(decide('media', ours)).toBe(false);
    expect(decide('geolocation', ours)).toBe(false);
    expect(decide('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(decide('clipboard-sanitized-write', ours)).toBe(true);
    expect((fake.sessionHandlers.check as (...a: unknown[]) => boolean)(null, 'notifications', '', { requestingUrl: ours })).toBe(false);
    expect((fake.sessionHandlers.device as () => boolean)()).toBe(false);
    let headers: Record<string, string[]> = {};
    (fake.sessionHandlers.headers as (...a: unknown[]) => void)(
      { responseHeaders: { 'content-security-policy': ['default-src *'] } },
      (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders),
    );
    expect(headers).toEqual({ 'Content-Security-Policy': [RENDERER_CSP_HEADER] });
  });

  it('serves the contract over IPC only to our own frame', async () => {
    const foreign = await invoke({ senderFrame: { url: 'https://evil.example/' } }, 'connection.status', {});
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const noFrame = await invoke({ senderFrame: null }, 'connection.status', {});
    expect(noFrame).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const status = await invoke(ourFrame(), 'connection.status', {});
    expect(status.ok).toBe(true);
  });

  it('stores profile passwords through safeStorage in a secrets file of their own, never in plain text nor in the profile file', async () => {
    const password = `pw-${Math.random().toString(36).slice(2)}`;
    const saved = await invoke(ourFrame(), 'profiles.save', { name: 'test', url: 'redis://127.0.0.1:6379', password });
    expect(saved).toMatchObject({ ok: true, value: { hasPassword: true } });
    const file = readFileSync(join(userData, 'profiles.json'), 'utf8');
    expect(file).not.toContain(password);
    const secrets = readFileSync(join(userData, 'profile-secrets.json'), 'utf8');
    expect(secrets).not.toContain(password);
    const encrypted = Object.values(JSON.parse(secrets) as Record<string, string>)[0];
    expect(Buffer.from(encrypted, 'base64').toString()).toBe(`enc:${[...JSON.stringify({ password })].reverse().join('')}`);
  });

  it('has a menu with reload and an About box naming Streamscope, Electron and Redis versions', async () => {
    const items = flatten(fake.getMenu() as MenuItem[]);
    expect(items.some((i) => i.role === 'reload')).toBe(true);
    await vi.waitFor(
      async () => expect(await invoke(ourFrame(), 'connection.status', {})).toMatchObject({ ok: true, value: { state: 'ready' } }),
      {
        timeout: 15_000,
      },
    );
    items.find((i) => i.label === 'About Streamscope')!.click!();
    await vi.waitFor(() => expect(fake.dialogs.some((d) => d.title === 'About Streamscope')).toBe(true));
    const about = fake.dialogs.find((d) => d.title === 'About Streamscope')!;
    expect(String(about.detail)).toMatch(/^Streamscope 0\.1\.0\nElectron [^\n]+/);
    expect(String(about.detail)).toMatch(/Redis server \d+\.\d+/);
  });

  it('focuses the existing window when a second instance starts', () => {
    const before = fake.windows[0].focused;
    fake.app.emit('second-instance');
    expect(fake.windows[0].focused).toBe(before + 1);
  });

  it('registers streamscope:// and opens a second window at the place a valid link names; an invalid link opens nothing', async () => {
    expect(fake.app.protocols).toEqual(['streamscope']);
    const count = fake.windows.length;
    fake.app.emit('second-instance', {}, ['/usr/bin/streamscope', 'streamscope://stream/orders/pending']);
    await vi.waitFor(() => expect(fake.windows.length).toBe(count + 1));
    expect(fake.windows[count].loaded.at(-1)).toMatch(/index\.html#\/stream\/orders\/pending$/);
    // An invalid link, then a valid one: once the valid one's window is there, the invalid one had its turn and opened none.
    fake.app.emit('second-instance', {}, ['/usr/bin/streamscope', 'streamscope://stream/orders/../../etc']);
    fake.app.emit('second-instance', {}, ['/usr/bin/streamscope', 'streamscope://stream/billing']);
    await vi.waitFor(() => expect(fake.windows.length).toBeGreaterThanOrEqual(count + 2));
    expect(fake.windows.length).toBe(count + 2);
    expect(fake.windows[count + 1].loaded.at(-1)).toMatch(/index\.html#\/stream\/billing$/);
    fake.windows[count].emit('closed');
    fake.windows[count + 1].emit('closed');
  });

  it('remembers the window bounds in userData when the window closes', () => {
    fake.windows[0].emit('close');
    const file = join(userData, 'window-state.json');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ bounds: { x: 40, y: 30, width: 1111, height: 777 }, maximized: false });
  });

  it('closes the console before quitting', async () => {
    let prevented = false;
    fake.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(fake.order).toContain('quit'), { timeout: 10_000 });
  });
});

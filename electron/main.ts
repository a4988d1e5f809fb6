// Electron entry: one secure window over the console service. Every decision (window options,
// CSP, what may navigate, which frames may call IPC, which permissions exist) lives in
// electron/shell/ without importing electron, where unit tests check it; this file only wires.
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, safeStorage, screen, session, type WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsole } from './console';
import { JsonFileProfileStore } from './console/profiles';
import { serveIpc } from './transport/ipc';
import { aboutText } from './shell/about';
import { alertNotification } from './shell/alert-notification';
import { parseShellArgs, type ShellArgs } from './shell/cli-args';
import { withRendererCsp } from './shell/csp';
import { buildMenuTemplate } from './shell/menu';
import { allowWebviewAttach, isAllowedNavigation, windowOpenDecision } from './shell/navigation';
import { decidePermission } from './shell/permissions';
import { devServerRenderer, fileRenderer, isRendererUrl, rendererEntryUrl, type RendererLocation } from './shell/renderer-location';
import { createSafeStorageCipher } from './shell/secret-cipher';
import { trustedSenderCheck } from './shell/trusted-sender';
import { createWindowOptions } from './shell/window-options';
import { loadWindowState, saveWindowState, type WindowState } from './shell/window-state';

type ConsoleService = Awaited<ReturnType<typeof createConsole>>;

// dist/electron/main.cjs → dist/electron/preload.cjs and dist/renderer/index.html.
const here = path.dirname(fileURLToPath(import.meta.url));
const isDevelopment = !app.isPackaged;

let mainWindow: BrowserWindow | null = null;
let consoleService: ConsoleService | null = null;

function fail(title: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  app.exit(1);
}

/** Applies to every webContents, including any a future feature might create. */
function guardWebContents(contents: WebContents, renderer: RendererLocation): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, renderer)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, renderer)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    if (!allowWebviewAttach()) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => windowOpenDecision());
}

function guardSession(renderer: RendererLocation): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(decidePermission(permission, isRendererUrl(details.requestingUrl || contents.getURL(), renderer)));
  });
  ses.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    decidePermission(permission, isRendererUrl(details.requestingUrl, renderer)),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withRendererCsp(details.responseHeaders) });
  });
}

function rememberWindowState(win: BrowserWindow, file: string): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    if (win.isDestroyed()) return;
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      saveWindowState(file, state);
    } catch (err) {
      console.warn(`could not save the window state to ${file}: ${(err as Error).message}`);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', save);
}

async function showAbout(): Promise<void> {
  const reply = consoleService ? await consoleService.dispatch('connection.status', {}) : null;
  const status =
    reply?.ok && typeof reply.value === 'object' && reply.value !== null
      ? (reply.value as { state?: string; redisVersion?: string; url?: string })
      : {};
  const detail = aboutText({
    app: app.getVersion(),
    electron: process.versions.electron ?? 'unknown',
    chrome: process.versions.chrome,
    node: process.versions.node,
    redis: status.state === 'ready' ? status.redisVersion : undefined,
    redisUrl: status.url,
  });
  const options = { type: 'info' as const, title: 'About Streamscope', message: 'Streamscope', detail, buttons: ['OK'] };
  if (mainWindow) await dialog.showMessageBox(mainWindow, options);
  else await dialog.showMessageBox(options);
}

async function chooseSavePath(suggestedName: string): Promise<string | null> {
  const options = { defaultPath: path.join(app.getPath('downloads'), suggestedName) };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

async function openWindow(renderer: RendererLocation): Promise<BrowserWindow> {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const state = loadWindowState(
    stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const options = createWindowOptions({
    preloadPath: path.join(here, 'preload.cjs'),
    state,
    isDevelopment,
  });
  const win = new BrowserWindow(options);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  rememberWindowState(win, stateFile);
  await win.loadURL(rendererEntryUrl(renderer));
  return win;
}

async function start(args: ShellArgs): Promise<void> {
  await app.whenReady();
  const renderer =
    devServerRenderer(process.env.STREAMSCOPE_DEV_SERVER_URL, app.isPackaged) ??
    fileRenderer(path.join(here, '..', 'renderer', 'index.html'));
  guardSession(renderer);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, renderer));

  const profilesStore = new JsonFileProfileStore(path.join(app.getPath('userData'), 'profiles.json'), createSafeStorageCipher(safeStorage));
  consoleService = await createConsole({
    redis: args.redis ?? process.env.REDIS_URL,
    profilesStore,
    // An export to a file goes where the user says in the native save dialog; the renderer never names a path.
    transfer: { chooseSavePath },
    // Alerts the console fires become desktop notifications.
    alerts: { notify: (alert) => (Notification.isSupported() ? new Notification(alertNotification(alert)).show() : undefined) },
  });
  // Each window's events go to that window (serveIpc keeps one console connection per webContents).
  serveIpc(ipcMain, consoleService, { isTrustedSender: trustedSenderCheck(renderer) });

  const template = buildMenuTemplate({
    platform: process.platform,
    isDevelopment,
    onAbout: () => void showAbout().catch((err) => console.error(`About failed: ${(err as Error).message}`)),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  mainWindow = await openWindow(renderer);
}

function main(): void {
  let args: ShellArgs;
  try {
    args = parseShellArgs(process.argv.slice(1));
  } catch (err) {
    console.error((err as Error).message);
    app.exit(2);
    return;
  }
  // One Streamscope per user: a second launch focuses the first window instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // Every renderer sandboxed, whatever options a future window is created with.
  app.enableSandbox();

  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('before-quit', (event) => {
    if (!consoleService || closing) return;
    // Stop hosted instances and close Redis connections before exiting.
    event.preventDefault();
    closing = true;
    const service = consoleService;
    consoleService = null;
    void service
      .close()
      .catch((err: unknown) => console.error(`console close failed: ${(err as Error).message}`))
      .finally(() => app.quit());
  });

  start(args).catch((err: unknown) => fail('Streamscope failed to start', err));
}

main();

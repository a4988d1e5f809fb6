// Electron entry: one secure window over the console service. Every decision (window options,
// CSP, what may navigate, which frames may call IPC, which permissions exist) lives in
// electron/shell/ without importing electron, where unit tests check it; this file only wires.
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, safeStorage, screen, session, type WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsole } from './console';
import { homedir } from 'node:os';
import { JsonFileKnownHosts } from './console/known-hosts';
import { OpenSshKnownHosts } from './console/openssh-known-hosts';
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
import { KeychainSecretStore } from './shell/keychain-secret-store';
import { trustedSenderCheck } from './shell/trusted-sender';
import { createWindowOptions } from './shell/window-options';
import { hashForLink, LINK_SCHEME, linkFromArgv } from './shell/deep-link';
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

/** The renderer, once started: a streamscope:// link arriving later opens a window on it. */
let rendererForLinks: RendererLocation | null = null;
let linkBeforeStart: string | null = null;

/** A streamscope:// link from another app or launch: a new window at its place; an unparsable link is ignored. */
function openLink(link: string | null): void {
  const hash = link ? hashForLink(link) : null;
  if (!link) return;
  if (hash && !rendererForLinks) {
    linkBeforeStart = link; // macOS hands the launching link over before the app is ready
    return;
  }
  if (!hash || !rendererForLinks) {
    console.error(`Ignored a link Streamscope cannot open: ${JSON.stringify(link.slice(0, 200))}`);
    return;
  }
  void openWindow(rendererForLinks, hash).catch((err: unknown) =>
    console.error(`Opening ${link.slice(0, 200)} failed: ${(err as Error).message}`),
  );
}

const FILE_TITLES = {
  sshKey: 'Choose the SSH private key',
  caCertificate: 'Choose the CA certificate',
  clientCertificate: 'Choose the client certificate',
  clientKey: 'Choose the client key',
} as const;

async function chooseOpenPath(purpose: keyof typeof FILE_TITLES): Promise<string | null> {
  const options = { title: FILE_TITLES[purpose], properties: ['openFile' as const, 'showHiddenFiles' as const] };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
}

async function openWindow(renderer: RendererLocation, hash = ''): Promise<BrowserWindow> {
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
  await win.loadURL(rendererEntryUrl(renderer) + hash);
  return win;
}

async function start(args: ShellArgs): Promise<void> {
  await app.whenReady();
  const renderer =
    devServerRenderer(process.env.STREAMSCOPE_DEV_SERVER_URL, app.isPackaged) ??
    fileRenderer(path.join(here, '..', 'renderer', 'index.html'));
  guardSession(renderer);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, renderer));

  // Profiles hold no secret; passwords and passphrases are encrypted by the OS keychain in a file of their own.
  const userData = app.getPath('userData');
  const secrets = new KeychainSecretStore(path.join(userData, 'profile-secrets.json'), safeStorage);
  const profilesStore = new JsonFileProfileStore(path.join(userData, 'profiles.json'), secrets);
  consoleService = await createConsole({
    redis: args.redis ?? process.env.REDIS_URL,
    profilesStore,
    chooseFile: chooseOpenPath,
    knownHosts: new JsonFileKnownHosts(
      path.join(userData, 'known-ssh-hosts.json'),
      new OpenSshKnownHosts(path.join(homedir(), '.ssh', 'known_hosts')),
    ),
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

  rendererForLinks = renderer;
  const firstLink = linkBeforeStart ?? linkFromArgv(process.argv);
  mainWindow = await openWindow(renderer, (firstLink && hashForLink(firstLink)) ?? '');
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
  // streamscope:// links open here: on Windows and Linux as a second launch's command line, on macOS as open-url.
  app.setAsDefaultProtocolClient(LINK_SCHEME);
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLink(url);
  });
  app.on('second-instance', (_event, argv) => {
    const link = linkFromArgv(argv);
    if (link) return openLink(link);
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

// The one BrowserWindow's options, as plain data so unit tests can check every security flag
// without the Electron binary. main.ts passes this object to `new BrowserWindow` unchanged.
import type { WindowState } from './window-state';

export interface WindowWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  spellcheck: false;
  devTools: boolean;
}

export interface WindowOptions {
  title: string;
  width: number;
  height: number;
  x?: number;
  y?: number;
  minWidth: number;
  minHeight: number;
  show: false;
  backgroundColor: string;
  icon?: string;
  webPreferences: WindowWebPreferences;
}

export const MIN_WIDTH = 900;
export const MIN_HEIGHT = 560;

export function createWindowOptions(opts: {
  preloadPath: string;
  state: WindowState;
  isDevelopment: boolean;
  iconPath?: string;
}): WindowOptions {
  const { bounds } = opts.state;
  return {
    title: 'Streamscope',
    width: bounds.width,
    height: bounds.height,
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    // Shown on 'ready-to-show' so the user never sees a white flash.
    show: false,
    backgroundColor: '#111418',
    ...(opts.iconPath ? { icon: opts.iconPath } : {}),
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Packaged builds cannot open DevTools at all, not just lack the menu item.
      devTools: opts.isDevelopment,
    },
  };
}

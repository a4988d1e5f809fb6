import { describe, expect, it } from 'vitest';
import { createWindowOptions } from '../../electron/shell/window-options';
import { DEFAULT_STATE } from '../../electron/shell/window-state';

describe('window options', () => {
  const make = (isDevelopment: boolean) =>
    createWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', state: DEFAULT_STATE, isDevelopment });

  it('turns on every renderer isolation flag of the Electron security checklist', () => {
    const wp = make(false).webPreferences;
    expect(wp.contextIsolation).toBe(true);
    expect(wp.sandbox).toBe(true);
    expect(wp.nodeIntegration).toBe(false);
    expect(wp.nodeIntegrationInWorker).toBe(false);
    expect(wp.nodeIntegrationInSubFrames).toBe(false);
    expect(wp.webSecurity).toBe(true);
    expect(wp.allowRunningInsecureContent).toBe(false);
    expect(wp.experimentalFeatures).toBe(false);
    expect(wp.webviewTag).toBe(false);
    expect(wp.navigateOnDragDrop).toBe(false);
    expect(wp).not.toHaveProperty('enableBlinkFeatures');
  });

  it('loads the preload it was given and nothing else', () => {
    expect(make(false).webPreferences.preload).toBe('/app/dist/electron/preload.cjs');
  });

  it('allows DevTools only in development', () => {
    expect(make(false).webPreferences.devTools).toBe(false);
    expect(make(true).webPreferences.devTools).toBe(true);
  });

  it('stays hidden until ready and uses the remembered bounds', () => {
    const o = createWindowOptions({
      preloadPath: '/p.cjs',
      state: { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: false },
      isDevelopment: false,
    });
    expect(o.show).toBe(false);
    expect([o.x, o.y, o.width, o.height]).toEqual([10, 20, 1000, 700]);
  });

  it('lets the OS place the window when no position is remembered', () => {
    const o = make(false);
    expect(o).not.toHaveProperty('x');
    expect(o).not.toHaveProperty('y');
  });
});

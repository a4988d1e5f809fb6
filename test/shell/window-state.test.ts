import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_STATE, fitToDisplays, loadWindowState, saveWindowState } from '../../electron/shell/window-state';

const oneScreen = [{ x: 0, y: 0, width: 1920, height: 1040 }];

describe('window state persistence', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamscope-window-'));
    file = join(dir, 'nested', 'window-state.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips size, position and maximized through a JSON file', () => {
    const state = { bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: true };
    saveWindowState(file, state);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
    expect(loadWindowState(file, oneScreen)).toEqual(state);
  });

  it('falls back to the default when the file is missing or corrupt', () => {
    expect(loadWindowState(file, oneScreen)).toEqual(DEFAULT_STATE);
    saveWindowState(file, DEFAULT_STATE);
    writeFileSync(file, '{"bounds": {"width": 12');
    expect(loadWindowState(file, oneScreen)).toEqual(DEFAULT_STATE);
    writeFileSync(file, JSON.stringify({ bounds: { width: 'wide', height: 800 } }));
    expect(loadWindowState(file, oneScreen)).toEqual(DEFAULT_STATE);
  });

  it('forgets a position on a monitor that is no longer attached', () => {
    saveWindowState(file, { bounds: { x: 2500, y: 100, width: 1200, height: 800 }, maximized: false });
    expect(loadWindowState(file, oneScreen)).toEqual({ bounds: { width: 1200, height: 800 }, maximized: false });
  });

  it('keeps a position on a second monitor that is still there', () => {
    const two = [...oneScreen, { x: 1920, y: 0, width: 2560, height: 1400 }];
    const s = { bounds: { x: 2500, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(fitToDisplays(s, two)).toEqual(s);
  });

  it('shrinks a window larger than every display and enforces the minimum size', () => {
    const s = fitToDisplays({ bounds: { width: 5000, height: 3000 }, maximized: false }, oneScreen);
    expect(s.bounds).toEqual({ width: 1920, height: 1040 });
    saveWindowState(file, { bounds: { width: 10, height: 10 }, maximized: false });
    expect(loadWindowState(file, oneScreen).bounds).toEqual({ width: 900, height: 560 });
  });

  it('drops a title bar above the top of the screen', () => {
    const s = fitToDisplays({ bounds: { x: 100, y: -200, width: 1000, height: 700 }, maximized: false }, oneScreen);
    expect(s.bounds).toEqual({ width: 1000, height: 700 });
  });
});

// Remembered window size and position, as JSON in the userData directory. A file that is
// missing, corrupt, or describes a spot on a monitor that is no longer attached falls back to a
// centred default instead of opening the window off-screen.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIN_HEIGHT, MIN_WIDTH } from './window-options';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: WindowBounds;
  maximized: boolean;
}

/** A display's usable area (Electron's `screen.getAllDisplays()[i].workArea`). */
export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_STATE: WindowState = { bounds: { width: 1280, height: 820 }, maximized: false };

/** Part of the title bar that must be on a display for the window to count as reachable. */
const GRAB_MARGIN = 48;

export function loadWindowState(file: string, workAreas: readonly WorkArea[]): WindowState {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return DEFAULT_STATE;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return DEFAULT_STATE;
  }
  const state = parseWindowState(parsed);
  return state ? fitToDisplays(state, workAreas) : DEFAULT_STATE;
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  // Write then rename so a crash mid-write never leaves half a file behind.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, file);
}

export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const b = v.bounds;
  if (typeof b !== 'object' || b === null) return null;
  const bounds = b as Record<string, unknown>;
  const width = finiteInt(bounds.width);
  const height = finiteInt(bounds.height);
  if (width === null || height === null) return null;
  const x = finiteInt(bounds.x);
  const y = finiteInt(bounds.y);
  return {
    bounds: {
      width: Math.max(MIN_WIDTH, width),
      height: Math.max(MIN_HEIGHT, height),
      ...(x !== null && y !== null ? { x, y } : {}),
    },
    maximized: v.maximized === true,
  };
}

/**
 * Keep the size (shrunk to the largest display if needed); keep the position only when the top
 * strip of the window lies on some display, otherwise let the OS centre it.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly WorkArea[]): WindowState {
  if (workAreas.length === 0) return state;
  const maxW = Math.max(...workAreas.map((a) => a.width));
  const maxH = Math.max(...workAreas.map((a) => a.height));
  const width = Math.min(state.bounds.width, Math.max(MIN_WIDTH, maxW));
  const height = Math.min(state.bounds.height, Math.max(MIN_HEIGHT, maxH));
  const { x, y } = state.bounds;
  const reachable =
    x !== undefined &&
    y !== undefined &&
    workAreas.some(
      (a) => y >= a.y && y + GRAB_MARGIN <= a.y + a.height && x + width - GRAB_MARGIN >= a.x && x + GRAB_MARGIN <= a.x + a.width,
    );
  return {
    bounds: reachable ? { x, y, width, height } : { width, height },
    maximized: state.maximized,
  };
}

function finiteInt(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null;
}

/**
 * Where a lesson's lab sits, decided once per page and remembered per browser: **docked** — a pane on the right
 * that stays in view while the lesson scrolls, its width set with a divider; **inline** — in the lesson's flow,
 * as an ordinary part of the page; or, on a phone, a **sheet** the student opens over the page and closes again.
 * A student's choice between docked and inline is kept in localStorage; without one, a wide window docks. Only
 * the rules live here (platform-free, tested); the hook that watches the window is `useDockLayout`.
 */

import type { KeyValueStorage } from './resume-store';

export type DockMode = 'docked' | 'inline' | 'sheet';

/** Docusaurus's own breakpoint between its mobile and desktop layouts. */
export const DESKTOP_MIN_WIDTH = 997;
/** From this width on the lab docks unless the student chose otherwise: text and lab both have room. */
export const DOCK_BY_DEFAULT_WIDTH = 1200;
export const MIN_DOCK_WIDTH = 380;
/** What the lesson's text keeps beside a docked lab, at least. */
export const MIN_TEXT_WIDTH = 420;

const MODE_KEY = 'socketlab:lab-layout';
const WIDTH_KEY = 'socketlab:lab-dock-width';

/** The mode for a window this wide, given the student's saved choice (if any). */
export function dockMode(windowWidth: number, storage: KeyValueStorage | undefined): DockMode {
  if (windowWidth < DESKTOP_MIN_WIDTH) return 'sheet';
  const saved = read(storage, MODE_KEY);
  if (saved === 'docked' || saved === 'inline') return saved;
  return windowWidth >= DOCK_BY_DEFAULT_WIDTH ? 'docked' : 'inline';
}

export function saveDockMode(storage: KeyValueStorage | undefined, mode: 'docked' | 'inline'): void {
  write(storage, MODE_KEY, mode);
}

/** A dock width that leaves the text MIN_TEXT_WIDTH and the lab MIN_DOCK_WIDTH, whatever was asked or saved. */
export function clampDockWidth(width: number, windowWidth: number): number {
  const max = Math.max(MIN_DOCK_WIDTH, windowWidth - MIN_TEXT_WIDTH);
  return Math.round(Math.min(max, Math.max(MIN_DOCK_WIDTH, width)));
}

/** The saved width, or 46 % of the window: about 80 terminal columns at 1400 px. */
export function dockWidth(windowWidth: number, storage: KeyValueStorage | undefined): number {
  const saved = Number(read(storage, WIDTH_KEY));
  return clampDockWidth(Number.isFinite(saved) && saved > 0 ? saved : windowWidth * 0.46, windowWidth);
}

export function saveDockWidth(storage: KeyValueStorage | undefined, width: number): void {
  write(storage, WIDTH_KEY, String(Math.round(width)));
}

// Storage can throw (quota, a privacy mode that forbids it): the layout then simply is not remembered.
function read(storage: KeyValueStorage | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(storage: KeyValueStorage | undefined, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Not remembered; the layout still works for this page.
  }
}

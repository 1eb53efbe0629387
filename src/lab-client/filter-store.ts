/**
 * Keeps each lab's display filter for the tab's life, in `sessionStorage` like the resume ticket, so a reload
 * or a step to another lesson and back finds the packet list filtered as the student left it. Storage can be
 * missing or throw; then the filter is simply not kept. A stored filter longer than a filter box holds is
 * ignored rather than trusted.
 */

import type { KeyValueStorage } from './resume-store';

/** More than any filter a student types; a damaged entry must not fill the box with a megabyte. */
export const MAX_FILTER_CHARS = 1000;

export function filterKey(lab: string): string {
  return `socketlab:filter:${lab}`;
}

export function loadFilter(storage: KeyValueStorage | undefined, lab: string): string {
  try {
    const text = storage?.getItem(filterKey(lab));
    return text == null || text.length > MAX_FILTER_CHARS ? '' : text;
  } catch {
    return '';
  }
}

export function saveFilter(storage: KeyValueStorage | undefined, lab: string, text: string): void {
  try {
    if (text.trim() === '') storage?.removeItem(filterKey(lab));
    else storage?.setItem(filterKey(lab), text.slice(0, MAX_FILTER_CHARS));
  } catch {
    // Quota or privacy settings: the filter works for this page without being kept.
  }
}

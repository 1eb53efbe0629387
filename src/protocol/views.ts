/**
 * The views a lab panel can show of a session, by id. A lab's manifest says which of them its lesson needs, and
 * the welcome tells the page, which shows just those (`src/components/views/registry/index.ts` maps each id to its
 * view). A new view is its id here, one file on the page, and one line in that registry.
 */

export const VIEW_IDS = ['packets', 'ladder', 'stream', 'events', 'handshake', 'certificates'] as const;

export type ViewId = (typeof VIEW_IDS)[number];

export function isViewId(value: unknown): value is ViewId {
  return typeof value === 'string' && (VIEW_IDS as readonly string[]).includes(value);
}

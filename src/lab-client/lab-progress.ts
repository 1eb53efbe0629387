/**
 * Which labs the student has done, for the course sidebar's marks: read once per page load from the lab
 * server's `GET /api/progress`, and told of a lab finished on this page by the lab panel's `LAB_DONE_EVENT`. It
 * lives in every page's main bundle, so it imports nothing: without a lab server (the site on a static host, or
 * a lab server that does not answer) there are simply no marks.
 */

/** The Docusaurus plugin (src/plugins/lab-lessons.ts) whose global data maps lessons to their labs. */
export const LAB_LESSONS_PLUGIN = 'socketlab-lab-lessons';

export interface LabLessons {
  /** Lab id by the id of the doc that embeds it (`tcp/first-connection` → `tcp-echo`). */
  readonly lessons: Readonly<Record<string, string>>;
}

/** Fired on `window` by a lab panel whose every check passed; `detail` is the lab's id. */
export const LAB_DONE_EVENT = 'socketlab:lab-done';

const done = new Set<string>();
const listeners = new Set<() => void>();
let started = false;

/** The labs done, by id, of `/api/progress`'s answer; nothing for anything else (an HTML 404, a bad body). */
export function doneLabsOf(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const labs = (body as { labs?: unknown }).labs;
  if (typeof labs !== 'object' || labs === null) return [];
  return Object.entries(labs).flatMap(([id, lab]) =>
    typeof lab === 'object' && lab !== null && (lab as { done?: unknown }).done === true ? [id] : [],
  );
}

/**
 * The lab server's HTTP origin: the page's own in production, the one `customFields.labServerWs` names in
 * development (`ws:` → `http:`), which lets the dev server's pages read it (EXTRA_ORIGINS).
 */
function progressUrl(configuredWs: unknown): string {
  if (typeof configuredWs !== 'string' || configuredWs.trim() === '') return '/api/progress';
  try {
    const url = new URL('/api/progress', configuredWs.trim());
    url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
    return url.href;
  } catch {
    return '/api/progress';
  }
}

function markDone(labs: readonly string[]): void {
  let changed = false;
  for (const lab of labs) {
    if (done.has(lab)) continue;
    done.add(lab);
    changed = true;
  }
  if (changed) for (const listener of listeners) listener();
}

/** Starts the one read of this page load (and listens for labs finished here); later calls do nothing. */
export function startLabProgress(configuredWs: unknown): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  window.addEventListener(LAB_DONE_EVENT, (event) => {
    const lab = (event as CustomEvent<unknown>).detail;
    if (typeof lab === 'string') markDone([lab]);
  });
  fetch(progressUrl(configuredWs), { credentials: 'same-origin', cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : undefined))
    .then((body: unknown) => markDone(doneLabsOf(body)))
    .catch(() => undefined);
}

/** For `useSyncExternalStore`. */
export function subscribeLabProgress(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isLabDone(lab: string): boolean {
  return done.has(lab);
}

/** Tells the sidebar that `lab` is done (the lab panel, once its last check passed). */
export function announceLabDone(lab: string): void {
  window.dispatchEvent(new CustomEvent(LAB_DONE_EVENT, { detail: lab }));
}

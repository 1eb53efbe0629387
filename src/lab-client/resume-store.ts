/**
 * Remembers a lab's session id and resume token across page reloads, so a reload resumes the same session (the
 * same servers on the same ports, the same checks) instead of starting over. It uses the tab's
 * `sessionStorage`: a second tab gets its own session, and closing the tab forgets it. Storage can be missing
 * or throw (private browsing, disabled cookies); then the page simply does not resume.
 */

/** The part of the Web Storage API the store needs, so tests can pass a Map-backed object. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ResumeTicket {
  readonly session: string;
  readonly token: string;
}

// The same alphabet the lab server accepts in `hello.resume` (decode-client.ts), so a damaged entry is dropped
// here instead of being refused by the server.
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

export function resumeKey(lab: string): string {
  return `socketlab:resume:${lab}`;
}

export function loadResume(storage: KeyValueStorage | undefined, lab: string): ResumeTicket | undefined {
  try {
    const text = storage?.getItem(resumeKey(lab));
    if (text == null) return undefined;
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { session, token } = value as { session?: unknown; token?: unknown };
    if (typeof session !== 'string' || !SESSION_ID.test(session)) return undefined;
    if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
    return { session, token };
  } catch {
    return undefined;
  }
}

export function saveResume(storage: KeyValueStorage | undefined, lab: string, ticket: ResumeTicket): void {
  try {
    storage?.setItem(resumeKey(lab), JSON.stringify({ session: ticket.session, token: ticket.token }));
  } catch {
    // Quota or privacy settings: resuming is a convenience, the lab works without it.
  }
}

export function clearResume(storage: KeyValueStorage | undefined, lab: string): void {
  try {
    storage?.removeItem(resumeKey(lab));
  } catch {
    // As above.
  }
}

/** The tab's sessionStorage, or undefined where there is none or reading it throws (sandboxed iframes). */
export function browserSessionStorage(): KeyValueStorage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

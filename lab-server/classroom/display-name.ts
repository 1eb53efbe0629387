/**
 * A student's display name, as the roster and the page show it: text, never markup (whatever it contains is
 * rendered as text, so `<b>` stays four characters). Checked at the boundary: NFC, trimmed, 1–40 characters
 * (code points, so a Chinese name counts its characters), and no control (Cc) or format (Cf) characters nor
 * line/paragraph separators — Cf is where the tricks live: zero-width spaces and joiners that make two names
 * look alike, and the bidirectional overrides and isolates (U+202A–202E, U+2066–2069) that make a name read
 * backwards in a roster.
 */

export const MAX_NAME_LENGTH = 40;

const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{Cn}]/u;

/** The name to keep, or undefined when `input` is not one. */
export function parseDisplayName(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > MAX_NAME_LENGTH * 8) return undefined;
  const name = input.normalize('NFC').trim();
  const length = [...name].length;
  if (length < 1 || length > MAX_NAME_LENGTH || FORBIDDEN.test(name)) return undefined;
  return name;
}

/**
 * What two names are compared by when one is "already taken": compatibility forms (full-width Ａ is A), case
 * and runs of spaces do not make a name another one, since in a roster they would read as the same.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

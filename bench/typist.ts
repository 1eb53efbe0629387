/**
 * What the benchmark measures, whatever the server: a client that types one key and waits until the server
 * echoed it, the way a student's keystroke travels from xterm to the lab shell and back. Each client types its
 * keys one after another (a person does not type ahead of the echo here); many clients type at once.
 */

/** The key typed, and what the echo must contain. */
export const KEY = 'a';
/** Ctrl-U: the line editor erases the line, so it never grows to the terminal's width. */
export const CLEAR_LINE = '\x15';
/**
 * Keys typed on one line before Ctrl-U. The prompt `socketlab:tcp-echo$ ` takes 20 of 80 columns; 50 keys keep
 * the cursor off the last column, so every echo takes the line editor's fast path (the bare character) and
 * never a wrap-and-redraw.
 */
export const LINE_KEYS = 50;

export interface Typist {
  /** Sends KEY and resolves when its echo arrived. Timed. */
  keystroke(): Promise<void>;
  /** Sends CLEAR_LINE and resolves when the server answered. Not timed. */
  clearLine(): Promise<void>;
  close(): void;
}

/** Types `count` keys, clearing the line every LINE_KEYS keys; returns each keystroke's round trip in ms. */
export async function typeKeys(typist: Typist, count: number): Promise<number[]> {
  const rtts: number[] = [];
  for (let index = 0; index < count; index++) {
    if (index > 0 && index % LINE_KEYS === 0) await typist.clearLine();
    const sent = performance.now();
    await typist.keystroke();
    rtts.push(performance.now() - sent);
  }
  return rtts;
}

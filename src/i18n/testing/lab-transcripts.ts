/**
 * The lessons' lab-terminal transcripts, read as the lab shell writes them: a block whose caption is the lab
 * terminal's in its page's language holds prompt lines (`socketlab:<lab>$ ` and what was typed), narrated calls
 * (`connect(fd 3, 127.0.0.1:20417) = 0` and what the shell says about the call) and the shell's other lines
 * (notes, news, messages). What the student types and the calls are the same in every language; the words
 * around them are the page's, as the shell says them in that language. The translation test compares the first
 * across languages, and the replay test holds the whole transcript to what the real shell prints.
 */

import type { Locale } from '../locales';

/** The caption of a block that shows the lab terminal: the name on the terminal's frame, as the prose writes it. */
export const LAB_TERMINAL_CAPTION: { readonly [L in Locale]: string } = {
  en: 'lab terminal',
  'zh-Hans': '实验终端',
};

export function isLabTerminal(title: string | undefined, locale: Locale): boolean {
  return title === LAB_TERMINAL_CAPTION[locale];
}

/** The shell's prompt: `socketlab:<lab id>$ `, then what the student typed (nothing, on a prompt still waiting). */
const PROMPT = /^socketlab:([a-z0-9-]+)\$(?: (.*))?$/;

/**
 * A narrated call, as `strace` writes one: `name(arguments) = result`, the result a descriptor, `-1` and an
 * errno name, a byte count or a number; then, after blanks, what the shell says about it.
 */
const CALL = /^([a-z_]+\(.*?\) = (?:fd \d+|-1 [A-Z][A-Z0-9]*|\d+ bytes|\d+))(?= |$)/;

export type TranscriptLine =
  | { readonly kind: 'prompt'; readonly lab: string; readonly typed: string; readonly text: string }
  | { readonly kind: 'call'; readonly call: string; readonly text: string }
  | { readonly kind: 'said'; readonly text: string };

/** The lines of a transcript (a fenced block's body, or the screen), without trailing blanks and a last empty line. */
export function transcriptLines(body: string): TranscriptLine[] {
  const lines = body.replace(/\n$/, '').split('\n');
  return lines.map((raw): TranscriptLine => {
    const text = raw.trimEnd();
    const prompt = PROMPT.exec(text);
    if (prompt !== null) return { kind: 'prompt', lab: prompt[1] ?? '', typed: prompt[2] ?? '', text };
    const call = CALL.exec(text);
    if (call !== null) return { kind: 'call', call: call[1] ?? '', text };
    return { kind: 'said', text };
  });
}

/**
 * What a transcript says in every language: each prompt line as typed, and each narrated call without the words
 * after it. A translation of the page must have exactly these lines, in this order.
 */
export function transcriptSkeleton(body: string): string {
  return transcriptLines(body)
    .flatMap((line) => (line.kind === 'prompt' ? [line.text] : line.kind === 'call' ? [line.call] : []))
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * A line with what differs from one run to the next masked: the port of an address (the session's servers and
 * the kernel's ephemeral ports) and a duration in milliseconds. Everything else, fds and byte counts included,
 * is what any run prints.
 */
export function maskRunDetails(line: string): string {
  return line.replace(/\b(\d{1,3}(?:\.\d{1,3}){3}):\d+\b/g, '$1:PORT').replace(/\b\d+\.\d+ ms\b/g, 'N ms');
}

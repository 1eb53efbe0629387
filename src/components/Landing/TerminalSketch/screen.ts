/**
 * The lab shell session the landing page draws, line by line: a student connects to the echo server, sends
 * Hello,world! and reads the echo. Each line is what the shell prints (its prompt shortened to `$`, its notes in
 * parentheses left out), in parts coloured as the sketch colours them. Kept as data, apart from the component, so
 * a test can run the real shell in each language and find every line of the sketch on its screen.
 */

import { type Localized, verbatim } from '../../../common/localized';
import { TEXT } from './text';

/** How the sketch colours a part of a line; none is the terminal's plain text. */
export type Tone = 'prompt' | 'dim' | 'cyan' | 'green';

export interface Part {
  readonly text: Localized;
  readonly tone?: Tone;
}

export type ScreenLine = readonly Part[];

export const PROMPT = '$';

function part(text: string | Localized, tone?: Tone): Part {
  const localized = typeof text === 'string' ? verbatim(text) : text;
  return tone === undefined ? { text: localized } : { text: localized, tone };
}

function typed(line: string): ScreenLine {
  return [part(PROMPT, 'prompt'), part(` ${line}`)];
}

/** Every line but the last, where the prompt waits with the cursor. */
export const SCREEN: readonly ScreenLine[] = [
  typed('connect echo'),
  [part('socket(AF_INET, SOCK_STREAM) = fd 3', 'dim')],
  [part('connect(fd 3, 127.0.0.1:20417) = 0', 'dim'), part('  '), part(TEXT.connected, 'cyan')],
  typed('send Hello,world!'),
  [part('send(fd 3, 12 bytes) = 12', 'dim'), part('   "Hello,world!"')],
  [part(TEXT.arrived, 'dim')],
  typed('recv'),
  [part('recv(fd 3, 1024) = 12 bytes', 'dim'), part('   '), part('"Hello,world!"', 'green')],
];

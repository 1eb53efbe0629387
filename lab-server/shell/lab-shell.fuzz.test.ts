/**
 * The lab shell under seeded random input: thousands of keystroke chunks (commands with random arguments,
 * quotes, escapes, raw bytes, controls, long lines). Whatever comes in, the shell must not throw, must not pass
 * a control character from its input on to the terminal, and must still answer `help` (after Enter, which starts a
 * fresh shell when the input ended this one), in English and in Chinese, switched between inputs. The shell lists a
 * server but its policy reaches none, so no input opens a socket: connects are refused before socket().
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerInfo } from '../../src/protocol';
import { SeededRandom } from '../../src/protocol/testing/seeded-random';
import { randomShellInput } from '../testing/shell-fuzz-input';
import { ShellHarness, stripSequences } from '../testing/shell-harness';
import { foreignControls } from '../testing/terminal-controls';
import { COMMANDS } from './commands';

const SEED = 0x5ec1ab;
const INPUTS = 5000;

/** Listed for `help`, `servers` and Tab completion; never reachable, since the policy below has no servers. */
const LISTED: ServerInfo = {
  id: 'echo',
  kind: 'tcp-echo',
  title: 'TCP echo server',
  transport: 'tcp',
  host: '127.0.0.1',
  port: 9,
};

/** The start of help's list to its fresh prompt, in each language. */
const HELP = {
  en: /Commands \(each one narrates[\s\S]*[\r\n]socketlab:tcp-echo\$ $/,
  'zh-Hans': /命令（每条命令[\s\S]*[\r\n]socketlab:tcp-echo\$ $/,
} as const;

const NAMES = COMMANDS.flatMap((command) => [command.name, ...(command.aliases ?? [])]);

describe('LabShell under random input', () => {
  it(`keeps the terminal safe and answers help after each of ${INPUTS} seeded inputs`, async () => {
    const random = new SeededRandom(SEED);
    const h = new ShellHarness([LISTED], { servers: [], allowLoopback: false });
    await h.type('');
    for (let index = 0; index < INPUTS; index++) {
      // Every other input in Chinese: the same safety whatever the language, and a language switched at any time.
      const locale = index % 2 === 0 ? 'en' : 'zh-Hans';
      h.shell.setLocale(locale);
      const input = randomShellInput(random, NAMES);
      const where = `input #${index} of seed ${SEED}: ${JSON.stringify(input.slice(0, 400))}`;
      let output: string;
      try {
        output = await h.type(input);
      } catch (error) {
        assert.fail(`the shell threw on ${where}: ${error instanceof Error ? error.stack : String(error)}`);
      }
      assert.deepEqual(foreignControls(output), [], where);
      assert.ok(!/internal error|内部错误/.test(output), `${where}\n${stripSequences(output).slice(0, 400)}`);
      assert.equal(h.shell.openSockets, 0, where);
      // Ctrl-C drops a line left unfinished, as a student would before typing the next command; the Enter after it
      // starts a fresh shell if the input ended this one (exit, logout, Ctrl-D), and is an empty line otherwise.
      // Ctrl-C on its own first: a command that waits (sleep) ends with it, and drops the keys typed with it.
      const interrupted = await h.type('\x03');
      assert.deepEqual(foreignControls(interrupted), [], where);
      const answer = await h.type('\rhelp\r');
      assert.deepEqual(foreignControls(answer), [], where);
      assert.match(stripSequences(answer), HELP[locale], where);
    }
  });
});

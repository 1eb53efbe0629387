/**
 * The lab shell under seeded random input: thousands of keystroke chunks (commands with random arguments,
 * quotes, escapes, raw bytes, controls, long lines). Whatever comes in, the shell must not throw, must not pass
 * a control character from its input on to the terminal, and must still answer `help` (after Enter, which starts a
 * fresh shell when the input ended this one). The shell lists a
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

const NAMES = COMMANDS.flatMap((command) => [command.name, ...(command.aliases ?? [])]);

describe('LabShell under random input', () => {
  it(`keeps the terminal safe and answers help after each of ${INPUTS} seeded inputs`, async () => {
    const random = new SeededRandom(SEED);
    const h = new ShellHarness([LISTED], { servers: [], allowLoopback: false });
    await h.type('');
    for (let index = 0; index < INPUTS; index++) {
      const input = randomShellInput(random, NAMES);
      const where = `input #${index} of seed ${SEED}: ${JSON.stringify(input.slice(0, 400))}`;
      let output: string;
      try {
        output = await h.type(input);
      } catch (error) {
        assert.fail(`the shell threw on ${where}: ${error instanceof Error ? error.stack : String(error)}`);
      }
      assert.deepEqual(foreignControls(output), [], where);
      assert.ok(!output.includes('internal error'), `${where}\n${stripSequences(output).slice(0, 400)}`);
      assert.equal(h.shell.openSockets, 0, where);
      // Ctrl-C drops a line left unfinished, as a student would before typing the next command; the Enter after it
      // starts a fresh shell if the input ended this one (exit, logout, Ctrl-D), and is an empty line otherwise.
      const answer = await h.type('\x03\rhelp\r');
      assert.deepEqual(foreignControls(answer), [], where);
      assert.match(stripSequences(answer), /Commands \(each one narrates[\s\S]*[\r\n]socketlab:tcp-echo\$ $/, where);
    }
  });
});

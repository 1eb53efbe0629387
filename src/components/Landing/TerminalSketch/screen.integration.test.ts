/**
 * The landing page's drawn lab shell shows what the lab shell prints: the real shell, in each language, runs the
 * sketched session (connect echo, send Hello,world!, recv) against a real echo server titled as the lab titles
 * it, and every line of the sketch is on its screen, in order. Only what differs from one run to the next is set
 * aside: ports, the time connect() took, the prompt (the sketch shortens it to `$`) and how wide the gaps are.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTcpEcho } from '../../../../lab-server/servers/tcp-echo';
import { MiniTerminal } from '../../../../lab-server/testing/mini-terminal';
import { ShellHarness } from '../../../../lab-server/testing/shell-harness';
import lab from '../../../../labs/tcp-echo/lab';
import { freePort } from '../../../../labs/testing/listings';
import { LOCALES, pick } from '../../../common/localized';
import { maskRunDetails } from '../../../i18n/testing/lab-transcripts';
import { PROMPT, SCREEN } from './screen';

/** A line as the sketch and the shell both may write it, with what changes between runs made the same. */
function normalized(line: string): string {
  return maskRunDetails(line.replace(/^socketlab:tcp-echo\$/, PROMPT)).replace(/ {2,}/g, '  ');
}

/** Waits for the shell's news that the echo arrived: `[fd 3: 12 bytes …]`, in any language. */
async function arrival(h: ShellHarness, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!/\[fd 3\D*12\D/.test(h.text)) {
    if (Date.now() > deadline) assert.fail(`no news of the echo:\n${h.text}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the landing page’s lab shell sketch', () => {
  let echo: Awaited<ReturnType<typeof startTcpEcho>>;
  before(async () => {
    echo = await startTcpEcho({
      id: 'echo',
      title: 'TCP echo server',
      bindHost: '127.0.0.1',
      publicHost: '127.0.0.1',
      port: await freePort(),
    });
  });
  after(() => echo.dispose());

  for (const locale of LOCALES) {
    it(`shows what the lab shell prints in ${locale}`, async () => {
      const title = lab.servers.find((server) => server.id === 'echo')?.title;
      assert.ok(title !== undefined, 'the tcp-echo lab has an echo server');
      const h = new ShellHarness([{ ...echo.info, title: pick(title, locale) }], undefined, { locale, cols: 200 });
      try {
        await h.run('connect echo');
        await h.run('send Hello,world!');
        // The echo comes back between prompts, and the shell says so on a line of its own.
        await arrival(h);
        await h.run('recv');
        const terminal = new MiniTerminal(200);
        terminal.write(h.raw);
        const shown = terminal.lines().map(normalized);
        let from = 0;
        for (const line of SCREEN) {
          const drawn = normalized(line.map((part) => pick(part.text, locale)).join(''));
          const at = shown.indexOf(drawn, from);
          assert.ok(at >= 0, `the shell prints ${JSON.stringify(drawn)} after line ${from}:\n${shown.join('\n')}`);
          from = at + 1;
        }
      } finally {
        h.shell.dispose();
      }
    });
  }
});

/**
 * A fault lab in a real browser, with real capture and real loss: on the reliability lesson the student sets
 * packet loss to 20 % with the lab panel's control, the panel reports the rate once the lab server has it in the
 * kernel, traffic from the lab terminal then shows retransmissions in the packet list, and setting 0 turns the
 * loss off again. Skips, saying why, where packets cannot be captured or the lab server may not set the loss.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { BrowserSuite, e2eUnavailable, labPort, pageWaitFor, typeInTerminal } from './browser';

const skip = e2eUnavailable();
const LAB = 'tcp-reliability';
/** Lines sent from the terminal under loss: at 20 % each way, some segment or its ACK is all but sure to go. */
const LINES = 30;
/** What the Packets tab marks as sent again (Wireshark's labels, as the packets' expert flags). */
const RESENT = ['retransmission', 'fast-retransmission', 'spurious-retransmission', 'out-of-order'];

/** The loss control for the lab's echo server. */
function lossControl(page: Page): Locator {
  return page.locator(`section[data-lab="${LAB}"] form[data-fault="loss"][data-server="echo"]`);
}

/** Types `percent` into the control, presses Set, and waits until the panel says the lab server has it. */
async function setLoss(page: Page, percent: number, says: RegExp): Promise<void> {
  const control = lossControl(page);
  await control.locator('input').fill(String(percent));
  await control.locator('button[type="submit"]').click();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (says.test(await control.innerText())) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the loss control never said ${says} after setting ${percent}: ${await control.innerText()}`);
}

describe('a fault lab in Chromium', { skip }, () => {
  // The canary takes the port below the range: 53750, inside this suite's ports.
  const suite = new BrowserSuite({ capture: 'auto', sessionGraceMs: 1500, labPorts: { first: 53751, last: 53999 } });
  before(() => suite.start());
  after(() => suite.close());

  it('sets loss from the panel, shows retransmissions of terminal traffic, and sets it back to 0', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const page = await suite.openLesson('tcp/reliability', LAB);
    await pageWaitFor(
      page,
      (id: string) => window.__socketlab?.capture[id]?.state === 'running',
      'the capture',
      15_000,
      LAB,
    );
    const control = lossControl(page);
    await control.waitFor({ timeout: 10_000 });
    const offered = await control.innerText();
    if (/Not available/.test(offered)) return t.skip(`the lab server may not set the loss here: ${offered}`);
    assert.match(offered, /Now: no packet is dropped\./, 'no loss before the student sets one');
    const port = await labPort(page, LAB);

    // Connected first, as the lesson's sender does, so the loss hits the data rather than the handshake.
    await typeInTerminal(page, LAB, 'connect echo', new RegExp(`connect\\(fd 3, 127\\.0\\.0\\.1:${port}\\) = 0`));
    await setLoss(page, 20, /Now: 20 % of the packets in each direction are dropped\./);

    for (let line = 1; line <= LINES; line++) {
      const text = `line-${String(line).padStart(2, '0')}`;
      await typeInTerminal(page, LAB, `send ${text}`, new RegExp(`send\\(fd 3, 7 bytes\\) = 7 +"${text}"`));
    }
    const resent = await pageWaitFor(
      page,
      (args: { id: string; flags: string[] }) =>
        (window.__socketlab?.packets[args.id] ?? []).find((p) => p.expert.some((flag) => args.flags.includes(flag)))
          ?.id,
      'a retransmission in the packet list',
      30_000,
      { id: LAB, flags: RESENT },
    );

    // What the student sees: the packet's row in the Packets tab carries the badge.
    const panel = page.locator(`section[data-lab="${LAB}"]`);
    await panel.getByRole('tab', { name: /^Packets/ }).click();
    const row = panel.locator(`tr[data-packet-id="${resent}"]`);
    assert.match(await row.innerText(), /retransmission|out of order/);

    await setLoss(page, 0, /Now: no packet is dropped\./);
    // With the loss gone the connection carries on: one more line and its echo come through.
    await typeInTerminal(page, LAB, 'send last-line', /send\(fd 3, 9 bytes\) = 9 +"last-line"/);
    await pageWaitFor(
      page,
      (args: { id: string; port: number; hex: string }) =>
        (window.__socketlab?.packets[args.id] ?? []).some(
          (p) => p.srcPort === args.port && p.payload.hex.includes(args.hex),
        ),
      'the echo of the last line',
      15_000,
      { id: LAB, port, hex: Buffer.from('last-line').toString('hex') },
    );
    await page.close();
  });
});

/**
 * The packet views in a real browser, on real captured packets: a hostile payload shows as its characters in
 * the packet list, the packet detail and the hex dump (and nothing runs), the list works from the keyboard
 * (arrow keys move, Enter opens, Escape closes), and an arrow of the ladder opens the same detail. Skips, saying
 * why, where packets cannot be captured.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserSuite, e2eUnavailable, labPort, pageWaitFor } from './browser';

const skip = e2eUnavailable();
const LAB = 'tcp-echo';
const PAYLOAD = '<img src=x onerror="window.__pwned=1">';

/** Connects to the echo server, sends `payload`, reads the echo and closes: one whole connection. */
function exchange(port: number, payload: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(payload));
    let echoed = '';
    socket.on('data', (data) => {
      echoed += data.toString('latin1');
      if (echoed.length >= payload.length) socket.end();
    });
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
}

async function openWithExchange(suite: BrowserSuite): Promise<{ page: Page; id: number }> {
  const page = await suite.openLesson('tcp/first-connection', LAB);
  await pageWaitFor(page, () => window.__socketlab?.capture['tcp-echo']?.state === 'running', 'the capture to run');
  const port = await labPort(page, LAB);
  await exchange(port, PAYLOAD);
  const id = await pageWaitFor(
    page,
    () => {
      const packets = window.__socketlab?.packets['tcp-echo'] ?? [];
      const fins = packets.filter((p) => p.tcp?.flagNames.includes('FIN')).length;
      // The client's data segment: "<img" is 3c 69 6d 67.
      const data = packets.find((p) => p.payload.hex.startsWith('3c696d67'));
      return fins >= 2 ? data?.id : undefined;
    },
    'the whole exchange in the packet list',
  );
  return { page, id };
}

describe('packet views in Chromium', { skip }, () => {
  const suite = new BrowserSuite({ capture: 'auto', labPorts: { first: 40000, last: 40999 } });
  before(() => suite.start());
  after(() => suite.close());

  it('shows a hostile payload as characters in the list, the detail and the dump', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const { page, id } = await openWithExchange(suite);
    const row = page.locator(`section[data-lab="${LAB}"] tr[data-packet-id="${id}"]`);
    assert.match((await row.textContent()) ?? '', /"<img src=x onerror=\\"window\.__pwned=1\\">"/);
    await row.click();
    const detail = page.locator(`section[data-lab="${LAB}"] section[data-packet-id="${id}"]`);
    await detail.waitFor();
    const text = (await detail.textContent()) ?? '';
    assert.match(text, /Payload: 38 bytes/);
    assert.match(text, /0000 {2}3c 69 6d 67 20 73 72 63 3d 78 20 6f 6e 65 72 72 {2}<img src=x onerr/);
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined, 'no script ran');
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from the payload');
    await page.close();
  });

  it('moves through the list with the keyboard, opens with Enter and closes with Escape', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const { page, id } = await openWithExchange(suite);
    const panel = page.locator(`section[data-lab="${LAB}"]`);
    await panel.locator(`tr[data-packet-id="${id}"]`).click();
    await panel.locator(`section[data-packet-id="${id}"]`).waitFor();
    // The clicked row has focus; ArrowDown moves to the next packet, Enter opens it.
    await page.keyboard.press('ArrowDown');
    const next = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.packetId);
    assert.ok(next !== undefined && Number(next) > id, 'focus moved to a later packet');
    await page.keyboard.press('Enter');
    await panel.locator(`section[data-packet-id="${next}"]`).waitFor();
    await page.keyboard.press('Escape');
    await panel.locator('section[data-packet-id]').waitFor({ state: 'detached' });
    // One tab stop for the whole list: every other row is out of the tab order.
    const tabStops = await panel.locator('tr[data-packet-id][tabindex="0"]').count();
    assert.equal(tabStops, 1);
    await page.close();
  });

  it('opens a packet from the ladder and draws the phases', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const { page } = await openWithExchange(suite);
    const panel = page.locator(`section[data-lab="${LAB}"]`);
    await panel.getByRole('tab', { name: 'Ladder' }).click();
    const svg = panel.locator('svg[data-ladder-connection]');
    const drawn = (await svg.textContent()) ?? '';
    for (const phase of ['three-way handshake', 'data', 'teardown']) assert.ok(drawn.includes(phase), phase);
    const labels = await page.evaluate(() => window.__socketlab?.ladder['tcp-echo'] ?? []);
    assert.equal(await svg.locator('g[role="button"]').count(), labels.length, 'one arrow per label');
    const synAck = svg.locator('g[role="button"]').nth(1);
    await synAck.focus();
    await page.keyboard.press('Enter');
    const detail = (await panel.locator('section[data-packet-id]').textContent()) ?? '';
    assert.match(detail, /0x012 \(SYN, ACK\)/);
    assert.match(detail, /Sequence number0 \(relative\) · raw \d+/);
    await page.close();
  });
});

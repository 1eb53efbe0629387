/**
 * The packet views in a real browser, on real captured packets: a hostile payload shows as its characters in
 * the packet list, the packet detail and the hex dump (and nothing runs), the list works from the keyboard
 * (arrow keys move, Enter opens, Escape closes), and an arrow of the ladder opens the same detail. Follow TCP
 * Stream shows what the student typed in the lab terminal and its echo; a bad display filter says what is wrong
 * and a good one narrows the list (and is still there after a reload); a student's second connection is #2 in
 * the packet list, the ladder, the flow graph and the server timeline alike; the detail shows the TTL and the
 * checksums honestly. Skips, saying why, where packets cannot be captured.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserSuite, e2eUnavailable, labPort, pageWaitFor, typeInTerminal } from './browser';

const skip = e2eUnavailable();
const LAB = 'tcp-echo';
const PAYLOAD = '<img src=x onerror="window.__pwned=1">';

/** Connects to the echo server, sends `payload`, reads the echo and closes: one whole connection. Resolves with
 * the client's port. */
function exchange(port: number, payload: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let clientPort = 0;
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      clientPort = socket.localPort ?? 0;
      socket.write(payload);
    });
    let echoed = '';
    socket.on('data', (data) => {
      echoed += data.toString('latin1');
      if (echoed.length >= payload.length) socket.end();
    });
    socket.once('close', () => resolve(clientPort));
    socket.once('error', reject);
  });
}

/** Waits until the panel holds `connections` whole connections (two FINs each). */
function waitForClosedConnections(page: Page, connections: number): Promise<unknown> {
  return pageWaitFor(
    page,
    (count: number) => {
      const packets = window.__socketlab?.packets['tcp-echo'] ?? [];
      return packets.filter((p) => p.tcp?.flagNames.includes('FIN')).length >= 2 * count;
    },
    `${connections} whole connections in the packet list`,
    15_000,
    connections,
  );
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
  const suite = new BrowserSuite({ capture: 'auto', labPorts: { first: 40000, last: 40499 } });
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

  it('follows the TCP stream of what the student typed in the lab terminal', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const page = await suite.openLesson('tcp/first-connection', LAB);
    await pageWaitFor(page, () => window.__socketlab?.capture['tcp-echo']?.state === 'running', 'the capture to run');
    await typeInTerminal(page, LAB, 'connect echo', /= 0/);
    await typeInTerminal(page, LAB, 'send "stream <b>bytes</b>"', /= 19/);
    await typeInTerminal(page, LAB, 'recv', /19 bytes/);
    await typeInTerminal(page, LAB, 'close', /FIN sent/);
    await waitForClosedConnections(page, 1);
    const panel = page.locator(`section[data-lab="${LAB}"]`);
    // From the detail of the client's data segment: "stream" is 73 74 72 65 61 6d.
    const id = await page.evaluate(
      () => window.__socketlab?.packets['tcp-echo']?.find((p) => p.payload.hex.startsWith('73747265616d'))?.id,
    );
    await panel.locator(`tr[data-packet-id="${id}"]`).click();
    await panel.getByRole('button', { name: 'Follow TCP stream #1' }).click();
    const stream = panel.locator('[data-stream-connection="1"]');
    await stream.waitFor();
    assert.equal(await panel.getByRole('tab', { name: 'Follow stream' }).getAttribute('aria-selected'), 'true');
    assert.equal(await stream.locator('[data-side="client"]').textContent(), 'stream <b>bytes</b>\n');
    assert.equal(await stream.locator('[data-side="server"]').textContent(), 'stream <b>bytes</b>\n');
    assert.equal(await panel.locator('b').count(), 0, 'the payload made no element');
    assert.match(
      (await panel.locator('section[aria-label^="Follow TCP stream"]').textContent()) ?? '',
      /client sent 19 bytes, server sent 19 bytes/,
    );
    await panel.getByRole('button', { name: 'Hex' }).click();
    assert.match(
      (await stream.locator('[data-side="client"]').textContent()) ?? '',
      /^00000000 {2}73 74 72 65 61 6d 20 3c/,
    );
    await page.close();
  });

  it('says what is wrong with a display filter, and narrows the list with a good one, kept over a reload', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const { page } = await openWithExchange(suite);
    const panel = page.locator(`section[data-lab="${LAB}"]`);
    const rows = panel.locator('tr[data-packet-id]');
    const all = await rows.count();
    const box = panel.getByRole('textbox', { name: 'Display filter' });
    await box.fill('tcp.flgs == 1');
    await box.press('Enter');
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    assert.match(
      (await panel.getByRole('form', { name: 'Display filter' }).getByRole('alert').textContent()) ?? '',
      /Unknown field "tcp\.flgs" at 1 — did you mean tcp\.flags\?/,
    );
    assert.equal(await rows.count(), all, 'a bad filter filters nothing');
    await box.fill('tcp.flags.syn == 1');
    await box.press('Enter');
    await pageWaitFor(
      page,
      () => document.querySelectorAll('section[data-lab="tcp-echo"] tr[data-packet-id]').length === 2,
      'the SYN and the SYN-ACK alone',
    );
    assert.match(
      (await panel.getByRole('form', { name: 'Display filter' }).locator('output').textContent()) ?? '',
      new RegExp(`^2 of ${all} packets$`),
    );
    await page.reload();
    await pageWaitFor(page, () => window.__socketlab?.status['tcp-echo'] === 'live', 'the lab to go live again');
    assert.equal(await panel.getByRole('textbox', { name: 'Display filter' }).inputValue(), 'tcp.flags.syn == 1');
    await pageWaitFor(
      page,
      () => document.querySelectorAll('section[data-lab="tcp-echo"] tr[data-packet-id]').length === 2,
      'the list filtered after the reload',
    );
    await page.close();
  });

  it('numbers a student’s second connection #2 in the list, the ladder, the flow graph and the server timeline', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    // Someone else's connections first: the capture counts them, this student's page must not.
    const other = await suite.openLesson('tcp/first-connection', LAB);
    const otherPort = await labPort(other, LAB);
    for (let i = 0; i < 3; i++) await exchange(otherPort, 'not yours');
    const page = await suite.openLesson('tcp/first-connection', LAB);
    await pageWaitFor(page, () => window.__socketlab?.capture['tcp-echo']?.state === 'running', 'the capture to run');
    const port = await labPort(page, LAB);
    await exchange(port, 'first');
    const second = await exchange(port, 'second');
    await waitForClosedConnections(page, 2);
    const panel = page.locator(`section[data-lab="${LAB}"]`);
    assert.match(
      (await panel.locator('p[data-origin]').textContent()) ?? '',
      /^Times in seconds from the session's first (packet|server event), \d\d:\d\d:\d\d\.\d{3}$/,
    );

    // The packet list and the detail.
    const numbers = await page.evaluate(() => [
      ...new Set(window.__socketlab?.packets['tcp-echo']?.map((p) => p.tcp?.connection)),
    ]);
    assert.deepEqual(numbers, [1, 2]);
    const syn = panel.locator(`tr[data-connection="2"]`).first();
    assert.match((await syn.textContent()) ?? '', new RegExp(`127\\.0\\.0\\.1:${second} → `));
    await syn.click();
    assert.match((await panel.locator('section[data-packet-id]').textContent()) ?? '', /Connection#2/);

    // The ladder shows the newest connection, #2, and the flow graph both, #2 from the second client port.
    await panel.getByRole('tab', { name: 'Ladder' }).click();
    assert.equal(await panel.locator('svg[data-ladder-connection]').getAttribute('data-ladder-connection'), '2');
    assert.match(
      (await panel.locator('select').textContent()) ?? '',
      new RegExp(`#2 127\\.0\\.0\\.1:${second} → echo`),
    );
    await panel.getByRole('button', { name: 'All connections (flow graph)' }).click();
    const flow = panel.locator('svg[data-flow-connections="2"]');
    assert.match((await flow.textContent()) ?? '', new RegExp(`#2 client127\\.0\\.0\\.1:${second}`));
    assert.ok((await flow.locator('g[data-connection="2"]').count()) >= 7, 'the second connection’s segments');

    // The server timeline: the accept from the second client port is #2 too.
    await panel.getByRole('tab', { name: 'Server timeline' }).click();
    const accept = panel.locator('li[data-kind="accept"][data-connection="2"]');
    assert.match((await accept.textContent()) ?? '', new RegExp(`#2accept from 127\\.0\\.0\\.1:${second}`));
    const lines = await page.evaluate(() => window.__socketlab?.events['tcp-echo'] ?? []);
    assert.ok(lines.includes(`#2 accept from 127.0.0.1:${second}`), lines.join('\n'));
    await Promise.all([page.close(), other.close()]);
  });

  it('shows the TTL and the checksums in the detail, saying which were verified', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const { page } = await openWithExchange(suite);
    const panel = page.locator(`section[data-lab="${LAB}"]`);
    await panel.locator('tr[data-packet-id]').first().click();
    const detail = panel.locator('section[data-packet-id]');
    const text = (await detail.textContent()) ?? '';
    assert.match(text, /Time to live64/);
    assert.match(text, /Protocol6 \(TCP\)/);
    assert.match(text, /Header checksum0x[0-9a-f]{4} · correct \(verified\)/);
    assert.match(text, /Checksum0x[0-9a-f]{4} · not verified: the kernel leaves the TCP checksum to the network card/);
    assert.match(text, /Don't fragment: Set/);
    assert.equal(await detail.locator('[data-checksum="bad"]').count(), 0, 'no checksum called bad');
    await page.close();
  });
});

describe('the server timeline without capture, in Chromium', { skip }, () => {
  const suite = new BrowserSuite({ capture: 'off', labPorts: { first: 40500, last: 40999 } });
  before(() => suite.start());
  after(() => suite.close());

  it('counts from the session’s first server event, and says so', async () => {
    const page = await suite.openLesson('tcp/first-connection', LAB);
    const port = await labPort(page, LAB);
    await exchange(port, 'Hello,world!');
    await exchange(port, 'again');
    const log = page
      .locator(`section[data-lab="${LAB}"] section[aria-labelledby]`)
      .filter({ hasText: 'Server timeline' });
    await log.locator('li[data-kind="close"][data-connection="2"]').waitFor();
    assert.match(
      (await log.textContent()) ?? '',
      /Times in seconds from the session's first server event, \d\d:\d\d:\d\d\.\d{3}/,
    );
    // The first event is the origin; the second connection's accept comes later on the same clock.
    assert.equal(await log.locator('li[data-seq] span').first().textContent(), '0.000');
    const accept = await log.locator('li[data-kind="accept"][data-connection="2"] span').first().textContent();
    assert.match(accept ?? '', /^\d+\.\d{3}$/);
    assert.ok(Number(accept) >= 0);
    await page.close();
  });
});

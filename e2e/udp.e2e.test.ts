/**
 * The UDP lesson in a real browser, with real capture: the lab terminal makes a UDP socket, sends
 * `Hello,world!` to the echo server and reads the echo back; the packet list shows the datagram and its echo
 * and nothing else (no handshake, no ACK, no FIN); the panel shows the tabs the lab declares (packets, ladder,
 * server timeline) and no stream tab; the ladder draws the flow, the datagram and its echo with nothing before
 * them, numbered as the server timeline numbers it; and the lesson's steps from the terminal pass every check
 * the lab has.
 * Skips, saying why, where packets cannot be captured.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserSuite, e2eUnavailable, labPort, pageWaitFor, typeInTerminal } from './browser';

const skip = e2eUnavailable();
const LAB = 'udp-echo';
/** `Hello,world!` as the packet's payload hex. */
const HELLO_HEX = Buffer.from('Hello,world!').toString('hex');

/** The panel's tab names, in order, as the student sees them. */
async function tabNames(page: Page): Promise<string[]> {
  const tabs = page.locator(`section[data-lab="${LAB}"] [role="tab"]`);
  // The snippets' language tabs sit folded in the server's details, where they have no visible text.
  return (await tabs.allInnerTexts()).map((name) => name.replace(/\s*\d+$/, '').trim()).filter((name) => name !== '');
}

/** Opens the UDP lesson and waits until its capture runs. */
async function openCapturing(suite: BrowserSuite): Promise<Page> {
  const page = await suite.openLesson('udp/datagrams', LAB);
  await pageWaitFor(
    page,
    (id: string) => window.__socketlab?.capture[id]?.state === 'running',
    'the capture',
    15_000,
    LAB,
  );
  return page;
}

describe('UDP lesson in Chromium', { skip }, () => {
  // The canary takes the port below the range: 53500, the first of this file's ports.
  const suite = new BrowserSuite({ capture: 'auto', sessionGraceMs: 1500, labPorts: { first: 53501, last: 53749 } });
  before(() => suite.start());
  after(() => suite.close());

  it('sends a datagram from the terminal and shows it and its echo with no handshake', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const page = await openCapturing(suite);
    const port = await labPort(page, LAB);

    assert.deepEqual(await tabNames(page), ['Packets', 'Ladder', 'Server timeline'], 'the lab’s own views only');
    assert.equal(await page.locator(`section[data-lab="${LAB}"] [role="tab"]`, { hasText: /stream/i }).count(), 0);

    await typeInTerminal(page, LAB, 'socket udp', /socket\(AF_INET, SOCK_DGRAM\) = fd 3/);
    await typeInTerminal(
      page,
      LAB,
      'sendto echo Hello,world!',
      new RegExp(`sendto\\(fd 3, 12 bytes, 127\\.0\\.0\\.1:${port}\\) = 12\\s+"Hello,world!"`),
    );
    await typeInTerminal(
      page,
      LAB,
      'recvfrom',
      // The terminal may wrap the line before the quoted payload.
      new RegExp(`recvfrom\\(fd 3, 2048\\) = 12 bytes from 127\\.0\\.0\\.1:${port}\\s+"Hello,world!"`),
    );

    const packets = await pageWaitFor(
      page,
      (args: { id: string; hex: string }) => {
        const all = window.__socketlab?.packets[args.id] ?? [];
        return all.filter((p) => p.payload.hex === args.hex).length >= 2 ? all : undefined;
      },
      'the datagram and its echo in the packet list',
      15_000,
      { id: LAB, hex: HELLO_HEX },
    );
    assert.ok(
      packets.every((p) => p.protocol === 'udp' && p.tcp === undefined),
      'UDP datagrams only: no handshake, no ACK, no FIN',
    );
    const toServer = packets.filter((p) => p.dstPort === port);
    const fromServer = packets.filter((p) => p.srcPort === port);
    assert.equal(toServer.length, 1, 'one datagram to the server');
    assert.equal(fromServer.length, 1, 'one echo back');
    assert.equal(toServer[0]!.srcPort, fromServer[0]!.dstPort, 'the echo went back to the port it came from');

    // What the student sees in the Packets tab: UDP rows with their length, and not one TCP flag.
    const panel = page.locator(`section[data-lab="${LAB}"]`);
    await panel.getByRole('tab', { name: /^Packets/ }).click();
    await panel.locator('tr[data-packet-id]').nth(1).waitFor({ timeout: 10_000 });
    const list = await panel.locator('tr[data-packet-id]').allInnerTexts();
    assert.equal(list.length, 2, 'two rows');
    for (const row of list) {
      assert.match(row, /UDP/);
      assert.match(row, /Len=12/);
      assert.doesNotMatch(row, /\[(SYN|ACK|FIN)/);
    }

    await page.close();
  });

  it('draws the datagram and its echo on the ladder, with no handshake', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const page = await openCapturing(suite);
    const port = await labPort(page, LAB);
    await typeInTerminal(page, LAB, 'socket udp', /= fd 3/);
    await typeInTerminal(page, LAB, 'sendto echo Hello,world!', /sendto\(fd 3, 12 bytes, .*\) = 12/);
    await typeInTerminal(page, LAB, 'recvfrom', /recvfrom\(fd 3, 2048\) = 12 bytes/);
    const panel = page.locator(`section[data-lab="${LAB}"]`);
    await panel.getByRole('tab', { name: /^Ladder/ }).click();
    // The arrows as drawn, once the echo is among them and the server's timeline has numbered the flow.
    const drawn = await pageWaitFor(
      page,
      (id: string) => {
        const svg = document.querySelector(`section[data-lab="${id}"] svg[data-ladder-transport="udp"]`);
        const arrows = [...(svg?.querySelectorAll('g[role="button"]') ?? [])];
        const flow = svg?.getAttribute('data-ladder-connection');
        const numbered = (window.__socketlab?.events[id] ?? []).some((line) => line.includes(`#${flow} receive`));
        const published = window.__socketlab?.ladder[id] ?? [];
        if (arrows.length < 2 || published.length < 2 || !numbered) return undefined;
        return {
          flow,
          published,
          labels: arrows.map((arrow) => arrow.getAttribute('data-label') ?? ''),
          names: arrows.map((arrow) => arrow.getAttribute('aria-label') ?? ''),
          text: svg?.textContent ?? '',
        };
      },
      'the ladder to draw the datagram and its echo in the flow the server timeline numbered',
      15_000,
      LAB,
    );
    assert.deepEqual(
      drawn.labels,
      ['UDP Len=12 "Hello,world!"', 'UDP Len=12 "Hello,world!"'],
      'a datagram and its echo, nothing before or after them',
    );
    assert.deepEqual(drawn.published, drawn.labels, 'the test hook holds the labels drawn');
    assert.match(drawn.names[0]!, /client to server: UDP Len=12/);
    assert.match(drawn.names[1]!, /server to client: UDP Len=12/);
    assert.doesNotMatch(drawn.text, /SYN|FIN|three-way handshake|(?<!no )teardown/, 'no handshake or teardown drawn');
    assert.match(drawn.text, /UDP: no handshake,\s*no teardown/, 'the ladder says that UDP has neither');
    // The picker names the flow by the server timeline's number, as a flow, not a connection.
    const toolbar = await panel.getByRole('tabpanel', { name: 'Ladder' }).innerText();
    assert.match(toolbar, new RegExp(`UDP flow #${drawn.flow}: 127\\.0\\.0\\.1:\\d+ → 127\\.0\\.0\\.1:${port}`));
    assert.doesNotMatch(toolbar, /No TCP connection/);
    await page.close();
  });

  it('passes every check of the lab from the terminal, as the lesson’s steps go', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const page = await openCapturing(suite);
    const checks = await pageWaitFor(
      page,
      (id: string) => {
        const list = window.__socketlab?.checks[id] ?? [];
        return list.length > 0 ? list.map((check) => check.id) : undefined;
      },
      'the checks',
      10_000,
      LAB,
    );
    assert.ok(checks.length >= 3, `the lab's checks: ${checks.join(', ')}`);

    await typeInTerminal(page, LAB, 'socket udp', /= fd 3/);
    await typeInTerminal(page, LAB, 'sendto echo Hello,world!', /sendto\(fd 3, 12 bytes, .*\) = 12/);
    await typeInTerminal(page, LAB, 'recvfrom', /recvfrom\(fd 3, 2048\) = 12 bytes/);
    await typeInTerminal(page, LAB, 'sendto echo Hi', /sendto\(fd 3, 2 bytes, .*\) = 2/);
    await typeInTerminal(page, LAB, 'recvfrom', /recvfrom\(fd 3, 2048\) = 2 bytes/);
    await typeInTerminal(page, LAB, 'socket udp', /= fd 4/);
    await typeInTerminal(page, LAB, 'sendto --fd 4 echo Hello,world!', /sendto\(fd 4, 12 bytes, .*\) = 12/);
    await typeInTerminal(page, LAB, 'recvfrom --fd 4', /recvfrom\(fd 4, 2048\) = 12 bytes/);
    if (checks.includes('resent-datagram')) {
      // The same datagram again from the first socket (plain sendto uses the newest, fd 4), as a client does when
      // its echo does not come in time.
      await typeInTerminal(
        page,
        LAB,
        'sendto --fd 3 echo Hello,world!',
        /sendto\(fd 3, 12 bytes[\s\S]*sendto\(fd 3, 12 bytes/,
      );
    }

    await pageWaitFor(
      page,
      (id: string) => {
        const list = window.__socketlab?.checks[id] ?? [];
        return list.length > 0 && list.every((check) => check.state === 'passed');
      },
      'every check to pass',
      15_000,
      LAB,
    );
    // What the student sees, not only what the hook says: every check row reads "Passed".
    for (const id of checks) {
      assert.match(await page.locator(`[data-check="${id}"]`).innerText(), /Passed/, `check ${id} shows as passed`);
    }
    await page.close();
  });
});

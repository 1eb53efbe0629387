/**
 * Live capture in a real browser: the handshake lesson's lab shows the packets of a connection made from its
 * terminal and of one made by an outside program, the ladder diagram draws the handshake, a capture question
 * answered wrong stays red and answered right turns green, and the pcapng link serves the session's packets.
 * Without capture, the panel says why the timeline is socket-level only. Capture tests skip (saying why) where
 * packets cannot be captured.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { echoOnce } from '../labs/tcp-echo/solution';
import { BrowserSuite, e2eUnavailable, labPort, pageWaitFor, typeInTerminal } from './browser';

const skip = e2eUnavailable();

describe('live capture in Chromium', { skip }, () => {
  const suite = new BrowserSuite({ capture: 'auto', labPorts: { first: 47000, last: 47999 } });
  before(() => suite.start());
  after(() => suite.close());

  it('draws the handshake of a terminal connection and checks capture answers', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const lab = 'tcp-handshake';
    const page = await suite.openLesson('tcp/handshake', lab);
    await typeInTerminal(page, lab, 'connect echo', /connect\(fd 3, .*\) = 0/);
    await typeInTerminal(page, lab, 'send Hello,world!', /= 12/);
    await typeInTerminal(page, lab, 'recv', /12 bytes/);
    await typeInTerminal(page, lab, 'close', /FIN sent/);

    await page
      .getByRole('tab', { name: /Ladder/ })
      .first()
      .click();
    const ladder = await pageWaitFor(
      page,
      (id: string) => {
        const labels = window.__socketlab?.ladder?.[id] ?? [];
        return labels.length >= 3 && labels.some((label: string) => label.startsWith('FIN')) ? labels : undefined;
      },
      'the ladder to show the whole connection',
      15_000,
      lab,
    );
    assert.match(ladder[0]!, /^SYN seq=0\b/);
    assert.match(ladder[1]!, /^SYN,ACK seq=0 ack=1\b/);
    assert.match(ladder[2]!, /^ACK seq=1 ack=1\b/);
    // What the student sees: the labels are drawn as text in the diagram.
    const drawn = await page.locator(`section[data-lab="${lab}"] svg[data-ladder-connection]`).textContent();
    assert.match(drawn ?? '', /SYN,ACK seq=0 ack=1/);

    // The server's ISN, from this student's own packets: a wrong answer stays red, the right one turns green.
    const isn = await page.evaluate((id: string) => {
      const synAck = (window.__socketlab?.packets?.[id] ?? []).find((p) => p.tcp?.flagNames === 'SYN,ACK');
      return synAck?.tcp?.seqRaw;
    }, lab);
    assert.ok(typeof isn === 'number');
    const question = page.locator('[data-question="server-isn"]');
    await question.locator('input').fill(String((isn + 1) % 2 ** 32));
    await question.locator('button').click();
    await pageWaitFor(
      page,
      (id: string) => window.__socketlab?.questions?.[id]?.find((q) => q.id === 'server-isn')?.state === 'failed',
      'the wrong answer to be judged',
      10_000,
      lab,
    );
    await question.locator('input').fill(String(isn));
    await question.locator('button').click();
    await pageWaitFor(
      page,
      (id: string) => window.__socketlab?.questions?.[id]?.find((q) => q.id === 'server-isn')?.state === 'passed',
      'the right answer to be judged',
      10_000,
      lab,
    );
    assert.match((await question.innerText()) ?? '', /Right|Correct|correct|right/);
    await page.close();
  });

  it('shows the packets of an outside program and serves them as pcapng', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const lab = 'tcp-handshake';
    const page = await suite.openLesson('tcp/handshake', lab);
    const port = await labPort(page, lab);
    assert.equal(await echoOnce('127.0.0.1', port), 'Hello,world!');
    await pageWaitFor(
      page,
      (id: string) =>
        (window.__socketlab?.packets?.[id] ?? []).filter((p) => p.tcp?.flagNames.includes('FIN')).length >= 2,
      'the outside program’s teardown',
      15_000,
      lab,
    );
    await page
      .getByRole('tab', { name: /Packets/ })
      .first()
      .click();
    const list = await page.locator(`section[data-lab="${lab}"]`).innerText();
    assert.match(list, /\[SYN\]/);
    assert.match(list, new RegExp(`→ 127\\.0\\.0\\.1:${port}`));
    const href = await page
      .locator(`section[data-lab="${lab}"] a[href*="capture.pcapng"]`)
      .first()
      .getAttribute('href');
    assert.ok(href);
    const response = await fetch(new URL(href, suite.server.url));
    assert.equal(response.status, 200);
    assert.ok((await response.arrayBuffer()).byteLength > 200);
    await page.close();
  });
});

describe('without capture rights, in Chromium', { skip }, () => {
  const suite = new BrowserSuite({
    capture: 'auto',
    tsharkPath: '/nonexistent/tshark',
    labPorts: { first: 48000, last: 48999 },
  });
  before(() => suite.start());
  after(() => suite.close());

  it('runs the lab and says why the timeline is socket-level only', async () => {
    const page = await suite.openLesson('tcp/first-connection', 'tcp-echo');
    const notice = page.locator('section[data-lab="tcp-echo"] [data-capture="unavailable"]');
    await notice.waitFor({ timeout: 10_000 });
    const text = await notice.innerText();
    assert.match(text, /tshark/);
    assert.match(text, /socket/i);
    const port = await labPort(page, 'tcp-echo');
    await echoOnce('127.0.0.1', port);
    await pageWaitFor(
      page,
      () => (window.__socketlab?.checks['tcp-echo'] ?? []).every((check) => check.state === 'passed'),
      'the checks to pass without capture',
    );
    await page.close();
  });
});

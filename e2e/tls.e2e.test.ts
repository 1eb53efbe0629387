/**
 * The TLS lessons in a real browser, against the real lab server with capture: from the TLS 1.3 lesson's terminal
 * the student connects with TLS and sends `Hello,world!`, and the handshake view draws that connection's messages
 * ClientHello … Finished in wire order, the encrypted ones marked, with the lock lines, and an arrow opens its
 * packet; the same view in the Chinese lesson speaks Chinese. From the chain-of-trust lesson's terminal the student
 * connects to `expired`, and the certificate viewer shows that connection's chain (leaf and intermediate as sent,
 * the root from the trust store) with exactly one failing step, validity, its OpenSSL code and the advice. The
 * viewer's paste box refuses what is not a certificate, or too large, or a key that is not the certificate's, each
 * with the catalog's code under the box, reports a right one, and shows a subject made of markup as text. The
 * panel's PKI downloads answer with the right types, and the PKCS#12 opens with the password the panel shows.
 * With SHOT_DIR set, screenshots of the handshake view and of the failing chain, in both languages, go there for a
 * person to look at. Skips, saying why, where packets cannot be captured.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Locator, Page } from 'playwright-core';
import { ERRORS } from '../src/protocol/errors';
import { BrowserSuite, e2eUnavailable, pageWaitFor, typeInTerminal, waitForLabLive } from './browser';

const run = promisify(execFile);
const skip = e2eUnavailable();
/** Where to put the screenshots for a person to look at; none are taken without it. */
const SHOT_DIR = process.env.SHOT_DIR;
const TLS13 = 'tls13-handshake';
const CHAIN = 'tls-chain';

/** Opens a page of the site (its path, as `/zh-Hans/docs/tls/…`) with the test hook on, until its lab is live. */
async function openPage(suite: BrowserSuite, pagePath: string, lab: string): Promise<Page> {
  const page = await suite.browser.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${suite.server.url}${pagePath}?socketlab-test`);
  await waitForLabLive(page, lab);
  await pageWaitFor(
    page,
    (id: string) => window.__socketlab?.capture[id]?.state === 'running',
    'the capture',
    15_000,
    lab,
  );
  assert.deepEqual(problems, [], 'no script errors on the page');
  return page;
}

function panelOf(page: Page, lab: string): Locator {
  return page.locator(`section[data-lab="${lab}"]`);
}

/**
 * The handshake view's arrow labels as the hook has them, and its rows as drawn, read at the same moment once the
 * connection shown has both Finished messages and the two agree (a NewSessionTicket may still be on its way).
 */
function drawnHandshake(page: Page, lab: string) {
  return pageWaitFor(
    page,
    (id: string) => {
      const labels = [...(window.__socketlab?.handshake[id] ?? [])];
      const items = document.querySelectorAll(`section[data-lab="${id}"] [data-handshake] li[data-label]`);
      const rows = [...items].map((item) => ({
        label: item.getAttribute('data-label') ?? '',
        text: item.textContent ?? '',
        locked: item.querySelector('[data-lock-mark]') !== null,
      }));
      const finished = labels.filter((label) => label === 'Finished').length >= 2;
      const same = rows.length === labels.length && rows.every((row, index) => row.label === labels[index]);
      return finished && same ? { labels, rows } : undefined;
    },
    'the handshake view to draw both Finished messages, as the hook has them',
    20_000,
    lab,
  );
}

/** `labels` holds `wanted` in that order, other messages (ChangeCipherSpec, NewSessionTicket) allowed between. */
function inOrder(labels: readonly string[], wanted: readonly string[]): boolean {
  let at = 0;
  for (const label of labels) if (label === wanted[at]) at++;
  return at === wanted.length;
}

const TLS13_MESSAGES = [
  'ClientHello',
  'ServerHello',
  'EncryptedExtensions',
  'Certificate',
  'CertificateVerify',
  'Finished',
  'Finished',
];

/** Connects from the TLS 1.3 lesson's terminal, echoes a line, and returns what the handshake view draws. */
async function tls13Handshake(page: Page) {
  await typeInTerminal(
    page,
    TLS13,
    'connect --tls echo',
    /handshake done in [\d.]+ ms: TLS 1\.3|握手在 [\d.]+ ms 内完成：TLS 1\.3/,
  );
  await typeInTerminal(page, TLS13, 'send Hello,world!', /send\(fd 3, 12 bytes\) = 12/);
  const panel = panelOf(page, TLS13);
  await panel.getByRole('tab', { name: /^(Handshake|握手)/ }).click();
  const view = panel.locator('[data-handshake]');
  await view.waitFor({ timeout: 10_000 });
  const { labels, rows } = await drawnHandshake(page, TLS13);
  const handshake = await page.evaluate(
    (id: string) => (window.__socketlab?.handshakes[id] ?? []).find((h) => h.complete),
    TLS13,
  );
  assert.ok(handshake !== undefined, 'the hook holds the completed handshake');
  return { panel, view, labels, rows, handshake };
}

/**
 * What the student sees with `locator` at the top of a tall window: the page's own view rather than the element
 * alone, since the panel's views scroll inside it and an element's picture would be cut where its box scrolls.
 */
async function screenshot(locator: Locator, name: string): Promise<void> {
  if (SHOT_DIR === undefined || SHOT_DIR === '') return;
  await mkdir(SHOT_DIR, { recursive: true });
  const page = locator.page();
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 1400 });
  await locator.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(SHOT_DIR, name) });
  if (size !== null) await page.setViewportSize(size);
}

/**
 * The failing chain twice: as the student first sees it (the leaf's fields open), and with the leaf's fields
 * folded, so that the intermediate and the root fit in the picture too.
 */
async function chainShots(chain: Locator, name: string): Promise<void> {
  if (SHOT_DIR === undefined || SHOT_DIR === '') return;
  await screenshot(chain, `${name}-leaf.png`);
  const fields = chain.locator('[data-certificate="0"] details');
  await fields.locator('summary').first().click();
  await screenshot(chain, `${name}-chain.png`);
  await fields.locator('summary').first().click();
}

/** Pastes into the viewer's box (and the key into its folded key field), presses Inspect, and waits for the end. */
async function inspect(page: Page, pem: string, key = '') {
  const box = panelOf(page, CHAIN).locator('[data-certificate-paste]');
  await box.locator('textarea').first().fill(pem);
  const keyField = box.locator('textarea').nth(1);
  if (key !== '' && !(await keyField.isVisible())) await box.locator('details summary').click();
  if (key !== '' || (await keyField.isVisible())) await keyField.fill(key);
  await box.locator('button[type="submit"]').click();
  const inspection = await pageWaitFor(
    page,
    (id: string) => {
      const state = window.__socketlab?.inspection[id];
      return state?.state === 'done' || state?.state === 'failed' ? state : undefined;
    },
    'the paste box to answer',
    15_000,
    CHAIN,
  );
  return { box, inspection };
}

/** Asserts the paste box shows `code` under it, with the catalog's sentence or `says`. */
async function assertRefused(page: Page, pem: string, key: string, code: string, says: RegExp | string) {
  const { box, inspection } = await inspect(page, pem, key);
  assert.equal(inspection.state, 'failed', `refused: ${code}`);
  const error = box.locator(`[role="alert"][data-error="${code}"]`);
  await error.waitFor({ timeout: 5_000 });
  const text = (await error.innerText()).replace(/\s+/g, ' ');
  assert.ok(text.startsWith(code), `the code first: ${text}`);
  if (typeof says === 'string') assert.ok(text.includes(says), `"${says}" in: ${text}`);
  else assert.match(text, says);
  assert.equal(await box.locator('[data-trusted]').count(), 0, 'no report beside the error');
}

describe('TLS lessons in Chromium', { skip }, () => {
  // The canary takes the port below the range: 58300, the first of this file's ports.
  const suite = new BrowserSuite({ capture: 'auto', sessionGraceMs: 1500, labPorts: { first: 58301, last: 58499 } });
  let work = '';
  /** The chain-of-trust page, opened once and reused by the paste box and the downloads. */
  let chainPage: Page | undefined;
  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'socketlab-tls-e2e-'));
    await suite.start();
  });
  after(async () => {
    await suite.close();
    await rm(work, { recursive: true, force: true });
  });

  async function openChain(): Promise<Page> {
    chainPage ??= await openPage(suite, '/docs/tls/chain-of-trust', CHAIN);
    return chainPage;
  }

  it('draws the TLS 1.3 handshake of a terminal connection in order, encrypted ones marked, and opens a packet', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const page = await openPage(suite, '/docs/tls/tls13-handshake', TLS13);
    const { panel, view, labels, rows, handshake } = await tls13Handshake(page);

    assert.ok(inOrder(labels, TLS13_MESSAGES), `ClientHello … Finished in wire order: ${labels.join(', ')}`);
    assert.equal(handshake.version, 'TLS 1.3');
    assert.deepEqual(
      handshake.messages.map((m) => m.type).slice(0, 2),
      ['client_hello', 'server_hello'],
      'the connection opens with the two hellos',
    );
    // What is encrypted: everything of the handshake after the ServerHello but the compatibility ChangeCipherSpec.
    for (const row of rows) {
      const encrypted = !['ClientHello', 'ServerHello', 'ChangeCipherSpec'].includes(row.label);
      assert.equal(row.locked, encrypted, `${row.label} ${encrypted ? 'is' : 'is not'} marked encrypted`);
    }
    const first = handshake.messages.find((m) => m.type === 'encrypted_extensions');
    assert.equal(first?.encrypted, true, 'the hook says EncryptedExtensions was read with the keys');
    const locks = await view.locator('[data-lock]').allInnerTexts();
    assert.deepEqual(
      locks.map((line) => line.trim()),
      ['from here on, what the server sends is encrypted', 'from here on, what the client sends is encrypted'],
      'a lock line for each side, the server first',
    );
    // textContent: the flight bands are set in capitals by the style sheet, not in the text.
    const text = ((await view.textContent()) ?? '').replace(/\s+/g, ' ');
    assert.match(text, /TLS 1\.3: one round trip, drawn as its flights\./);
    assert.match(text, /Client’s first flight.*Server’s flight.*Client’s second flight/);
    assert.match(text, /handshake complete/);

    // The server's Certificate opens its own packet in the packet detail.
    const certificate = handshake.messages.find((m) => m.type === 'certificate' && m.direction === 'from-server');
    assert.ok(certificate !== undefined, 'the server sent its Certificate');
    await view.locator('li[data-label="Certificate"] button').first().click();
    const detail = panel.locator(`section[data-packet-id="${certificate.packet}"]`);
    await detail.waitFor({ timeout: 10_000 });
    const opened = (await detail.textContent()) ?? '';
    assert.ok(
      opened.startsWith(`Packet ${certificate.packet} ·`),
      `the detail is of that packet: ${opened.slice(0, 80)}`,
    );
    const server = handshake.messages[1]!;
    assert.equal(server.type, 'server_hello');
    // TLS 1.3's server flight goes out at once: the Certificate travels in the segment of the ServerHello or after it.
    assert.ok(certificate.packet >= server.packet, 'the Certificate is in the server flight’s segments');
    const payload = /Payload: (\d+) bytes/.exec(opened);
    assert.ok(payload !== null && Number(payload[1]) >= certificate.length, 'the segment holds the whole message');
    assert.equal(
      await view.locator('li[data-label="Certificate"] button[aria-pressed="true"]').count(),
      1,
      'the arrow shows it is the one opened',
    );
    await screenshot(view, 'tls13-handshake-en.png');
    // The fields of the ClientHello unfold beside it, in English.
    await view.locator('li[data-label="ClientHello"] button[aria-expanded]').click();
    assert.match(await view.locator('li[data-label="ClientHello"]').innerText(), /Cipher suites offered/);

    await page.close();
  });

  it('draws the same handshake view in Chinese on the Chinese lesson', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const page = await openPage(suite, '/zh-Hans/docs/tls/tls13-handshake', TLS13);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
    const { panel, view, labels, rows } = await tls13Handshake(page);
    assert.ok(inOrder(labels, TLS13_MESSAGES), `the message names stay the protocol's: ${labels.join(', ')}`);
    assert.ok(
      rows.some((row) => row.locked),
      'encrypted ones marked',
    );
    assert.deepEqual(
      (await view.locator('[data-lock]').allInnerTexts()).map((line) => line.trim()),
      ['从这里开始，服务器发出的内容都是加密的', '从这里开始，客户端发出的内容都是加密的'],
    );
    const text = (await view.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /TLS 1\.3：一个往返/);
    assert.match(text, /客户端的第一组消息.*服务器的一组消息.*客户端的第二组消息/);
    assert.match(text, /握手完成/);
    assert.match(text, /客户端/);
    assert.doesNotMatch(
      text,
      /one round trip|handshake complete|from here on|first flight/,
      'no English sentence left',
    );
    const arrow = await view.locator('li[data-label="ClientHello"] button').first().getAttribute('aria-label');
    assert.match(arrow ?? '', /秒，客户端到服务器：ClientHello/, 'the arrow is named in Chinese');
    assert.equal(await panel.getByRole('tab', { name: /^证书/ }).count(), 1, 'the certificates tab in Chinese');
    await screenshot(view, 'tls13-handshake-zh-Hans.png');
    await page.close();
  });

  it('shows the expired endpoint’s chain, sent and from the trust store, with validity the one failing step', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const page = await openChain();
    const said = await typeInTerminal(
      page,
      CHAIN,
      'connect --tls expired',
      /CERT_HAS_EXPIRED[\s\S]*fd is released|dropped/,
    );
    assert.match(said, /CERT_HAS_EXPIRED/, 'the terminal names the code');
    const panel = panelOf(page, CHAIN);
    await panel.getByRole('tab', { name: /^Certificates/ }).click();
    const chain = panel.locator('[data-handshake-certificates^="expired#"] [data-trusted]').first();
    await chain.waitFor({ timeout: 20_000 });
    assert.equal(await chain.getAttribute('data-trusted'), 'false');
    assert.equal(await chain.getAttribute('data-code'), 'CERT_HAS_EXPIRED');

    const cards = await chain.locator('[data-certificate]').evaluateAll((items) =>
      items.map((item) => ({
        origin: item.getAttribute('data-origin'),
        validity: item.getAttribute('data-validity'),
        text: item.textContent ?? '',
      })),
    );
    assert.deepEqual(
      cards.map((card) => card.origin),
      ['sent', 'sent', 'trust-store'],
      'the leaf and the intermediate as sent, the root from the trust store',
    );
    assert.match(cards[0]!.text, /^Leaf/);
    assert.match(cards[1]!.text, /Intermediate/);
    assert.match(cards[2]!.text, /Root/);
    assert.deepEqual(
      cards.map((card) => card.validity),
      ['expired', 'valid', 'valid'],
      'only the leaf out of date',
    );
    const failed = chain.locator('[data-step][data-state="failed"]');
    assert.equal(await failed.count(), 1, 'exactly one failing step');
    assert.equal(await failed.getAttribute('data-step'), 'validity');
    assert.equal(await chain.locator('[data-certificate="0"] [data-step="validity"][data-state="failed"]').count(), 1);
    const verdict = (await chain.getByRole('status').innerText()).replace(/\s+/g, ' ');
    assert.match(verdict, /CERT_HAS_EXPIRED/);
    const advice = verdict.replace(/.*CERT_HAS_EXPIRED\S*/, '').trim();
    assert.ok(advice.length > 20, `the advice under the verdict: ${verdict}`);
    await chainShots(chain, 'tls-chain-expired-en');
  });

  it('shows the failing chain in Chinese on the Chinese lesson', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const page = await openPage(suite, '/zh-Hans/docs/tls/chain-of-trust', CHAIN);
    await typeInTerminal(page, CHAIN, 'connect --tls expired', /CERT_HAS_EXPIRED/);
    const panel = panelOf(page, CHAIN);
    await panel.getByRole('tab', { name: /^证书/ }).click();
    const chain = panel.locator('[data-handshake-certificates^="expired#"] [data-trusted="false"]').first();
    await chain.waitFor({ timeout: 20_000 });
    assert.equal(await chain.locator('[data-step][data-state="failed"]').count(), 1);
    assert.equal(await chain.locator('[data-step][data-state="failed"]').getAttribute('data-step'), 'validity');
    const text = (await chain.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /CERT_HAS_EXPIRED/);
    assert.match(text, /[\u4e00-\u9fff]{4}/, 'the verdict and the steps in Chinese');
    assert.doesNotMatch(text, /\b(Leaf|Intermediate|Sent by|trust store)\b/, 'no English label left');
    await chainShots(chain, 'tls-chain-expired-zh-Hans');
    await page.close();
  });

  it('refuses bad pastes with the catalog’s code under the box and reports a right one', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const page = await openChain();
    const panel = panelOf(page, CHAIN);
    await panel.getByRole('tab', { name: /^Certificates/ }).click();
    await panel.locator('[data-certificate-paste]').waitFor({ timeout: 10_000 });

    const caHref = await panel.locator('[data-pki-file="ca"] a').getAttribute('href');
    assert.ok(caHref !== null, 'the panel links the class CA');
    const ca = await (await page.request.get(caHref)).text();
    assert.match(ca, /^-----BEGIN CERTIFICATE-----/);
    const keyPath = path.join(work, 'other.key');
    await run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyPath]);
    const otherKey = await readFile(keyPath, 'utf8');

    await assertRefused(page, 'hello, this is no certificate', '', 'LAB_ERR_CERT_PARSE', /LAB_ERR_CERT_PARSE \S/);
    await assertRefused(
      page,
      otherKey,
      '',
      'LAB_ERR_CERT_PARSE',
      'That is a private key (-----BEGIN PRIVATE KEY-----)',
    );
    const large = `${ca}\n${'A'.repeat(13 * 1024)}`;
    await assertRefused(page, large, '', 'LAB_ERR_CERT_TOO_LARGE', ERRORS.LAB_ERR_CERT_TOO_LARGE.en);
    await assertRefused(page, ca, otherKey, 'LAB_ERR_KEY_MISMATCH', ERRORS.LAB_ERR_KEY_MISMATCH.en);

    const { box, inspection } = await inspect(page, ca, '');
    assert.equal(inspection.state, 'done', 'the class CA is read');
    assert.equal(await box.locator('[role="alert"]').count(), 0, 'the earlier error is gone');
    const report = box.locator('[data-trusted]');
    await report.waitFor({ timeout: 5_000 });
    assert.match(await report.locator('[data-certificate="0"]').innerText(), /socketlab/i, 'the report names the CA');
  });

  it('shows a subject made of markup as text, creating no element', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const page = await openChain();
    const subject = '<img src=x onerror=window.__socketlabPwned=1>';
    const certPath = path.join(work, 'markup.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      path.join(work, 'markup.key'),
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      `/CN=${subject}`,
    ]);
    const { box, inspection } = await inspect(page, await readFile(certPath, 'utf8'), '');
    assert.equal(inspection.state, 'done', 'a self-signed certificate is still reported');
    const report = box.locator('[data-trusted]');
    await report.waitFor({ timeout: 5_000 });
    const shown = (await report.textContent()) ?? '';
    // The subject is written as RFC 4514 writes a name, with < and > escaped: the characters, not an element.
    assert.ok(
      shown.includes(`CN=\\<img src=x onerror=window.__socketlabPwned=1\\>`),
      `the subject shown as its characters: ${shown.slice(0, 600)}`,
    );
    assert.equal(await box.locator('img').count(), 0, 'no element made of it');
    await screenshot(box, 'tls-chain-paste-markup-en.png');
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => (window as { __socketlabPwned?: number }).__socketlabPwned), undefined);
  });

  it('serves the PKI downloads with their types and shows the PKCS#12 password', async (t) => {
    if (suite.noCapture) return t.skip(suite.noCapture);
    const page = await openChain();
    const panel = panelOf(page, CHAIN);
    const links = await panel.locator('[data-pki-file] a').evaluateAll((items) =>
      items.map((item) => ({
        file: item.closest('[data-pki-file]')?.getAttribute('data-pki-file') ?? '',
        href: (item as HTMLAnchorElement).href,
        text: item.textContent ?? '',
      })),
    );
    assert.deepEqual(
      links.map((link) => link.file),
      ['ca', 'certificate', 'key', 'pkcs12'],
    );
    const types: Record<string, string> = {
      ca: 'application/x-pem-file',
      certificate: 'application/x-pem-file',
      key: 'application/x-pem-file',
      pkcs12: 'application/x-pkcs12',
    };
    const bodies: Record<string, Buffer> = {};
    for (const link of links) {
      assert.equal(new URL(link.href).origin, suite.server.url, `${link.file} on the lab server's own origin`);
      const response = await page.request.get(link.href);
      assert.equal(response.status(), 200, `${link.file} answers 200`);
      assert.equal(response.headers()['content-type'], types[link.file], `${link.file}'s type`);
      bodies[link.file] = await response.body();
    }
    assert.match(bodies.ca!.toString(), /^-----BEGIN CERTIFICATE-----/);
    assert.match(bodies.certificate!.toString(), /^-----BEGIN CERTIFICATE-----/);
    assert.match(bodies.key!.toString(), /-----BEGIN (EC |RSA )?PRIVATE KEY-----/);

    await screenshot(panel.locator('[data-pki]'), 'tls-chain-pki-downloads-en.png');
    const password = (await panel.locator('[data-pki-file="pkcs12"] code').innerText()).trim();
    assert.ok(password.length >= 8, `a password shown: ${password}`);
    const p12 = path.join(work, 'client.p12');
    await writeFile(p12, bodies.pkcs12!);
    const { stdout } = await run('openssl', [
      'pkcs12',
      '-in',
      p12,
      '-passin',
      `pass:${password}`,
      '-nokeys',
      '-clcerts',
    ]);
    assert.match(stdout, /-----BEGIN CERTIFICATE-----/, 'the PKCS#12 opens with the password shown');
    await page.close();
    chainPage = undefined;
  });
});

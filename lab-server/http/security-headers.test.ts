/**
 * The security headers' pieces: the page policy lists exactly the inline scripts that run (not external ones,
 * not JSON-LD, not a `<script>` that is only text in a comment, an attribute or a `<noscript>`), hashed as the
 * browser hashes them; the policies allow what the site needs and nothing inline for scripts; HSTS only when
 * secure; a page's policy is read once and read again when the file changes.
 */

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { API_POLICY, inlineScriptHashes, PagePolicies, securityHeaders, sitePolicy } from './security-headers';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The policy's directives by name: `script-src 'self' x` → { 'script-src': ["'self'", 'x'] }. */
function directives(policy: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name = '', ...values] = part.trim().split(/\s+/);
    if (name !== '') found.set(name, values);
  }
  return found;
}

describe('inline script hashes', () => {
  it('hashes the two inline scripts of a page, not the external one, the JSON-LD or scripts that are text', () => {
    const first = 'document.documentElement.dataset.theme = "dark";';
    const second = '\n  window.answer = "</scrip" + "t>é";\n';
    const html = [
      '<!doctype html><html><head>',
      '<script data-rh=true type=application/ld+json>{"@type":"BreadcrumbList"}</script>',
      '<script src=/assets/js/main.js defer></script>',
      '<!-- <script>alert("in a comment")</script> -->',
      '<meta name="x" content="<script>alert(\'in an attribute\')</script>">',
      `<script>${first}</script>`,
      '<title>about <script>alert("in the title")</script></title>',
      '<noscript><script>alert("in noscript")</script></noscript>',
      '<textarea><script>alert("in a textarea")</script></textarea>',
      '<script type="text/x-template"><b>not run</b></script>',
      `</head><body><SCRIPT type="module">${second}</SCRIPT >`,
      `<script>${first}</script>`,
      '</body></html>',
    ].join('\n');
    assert.deepEqual(inlineScriptHashes(html), [sha256(first), sha256(second)]);
  });

  it('hashes the text as written: entities are not decoded, whitespace is kept', () => {
    const text = ' if (a &amp;&amp; b) go(); ';
    assert.deepEqual(inlineScriptHashes(`<script type="text/javascript">${text}</script>`), [sha256(text)]);
  });

  it('hashes a script left open to the end of the file, and survives a tag that never closes', () => {
    assert.deepEqual(inlineScriptHashes('<p>x</p><script>late()'), [sha256('late()')]);
    assert.deepEqual(inlineScriptHashes(`<a title="${'x'.repeat(50_000)}`), []);
  });

  it('finds the color-mode script of the built site, if there is one', async (t) => {
    const built = path.resolve(import.meta.dirname, '../../build/index.html');
    const html = await readFile(built, 'utf8').catch(() => undefined);
    if (html === undefined) return t.skip('the site is not built');
    const hashes = inlineScriptHashes(html);
    assert.ok(hashes.length >= 1, 'Docusaurus writes its color-mode script inline');
    const inline = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    assert.match(inline, /data-theme/);
    assert.ok(hashes.includes(sha256(inline)));
  });
});

describe('policies', () => {
  it('lets a page run its own scripts and the listed inline ones, never any inline script', () => {
    const policy = directives(sitePolicy(["'sha256-abc='"]));
    assert.deepEqual(policy.get('script-src'), ["'self'", "'sha256-abc='"]);
    assert.deepEqual(policy.get('default-src'), ["'self'"]);
    assert.deepEqual(policy.get('style-src'), ["'self'", "'unsafe-inline'"]);
    assert.deepEqual(policy.get('img-src'), ["'self'", 'data:']);
    assert.deepEqual(policy.get('font-src'), ["'self'", 'data:']);
    assert.deepEqual(policy.get('connect-src'), ["'self'"]);
    assert.deepEqual(policy.get('worker-src'), ["'self'"]);
    assert.deepEqual(policy.get('object-src'), ["'none'"]);
    assert.deepEqual(policy.get('base-uri'), ["'self'"]);
    assert.deepEqual(policy.get('form-action'), ["'self'"]);
    assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
    for (const [name, values] of policy) {
      if (name !== 'style-src') assert.ok(!values.includes("'unsafe-inline'"), name);
      assert.ok(!values.includes("'unsafe-eval'") && !values.includes('*'), name);
    }
  });

  it('gives API answers a policy that allows nothing', () => {
    assert.deepEqual(
      [...directives(API_POLICY)],
      [
        ['default-src', ["'none'"]],
        ['frame-ancestors', ["'none'"]],
      ],
    );
  });

  it('sends HSTS on a secure request only, and the usual headers always', () => {
    const plain = securityHeaders({ secure: false, policy: API_POLICY });
    const secure = securityHeaders({ secure: true, policy: API_POLICY });
    assert.equal(plain['strict-transport-security'], undefined);
    assert.match(secure['strict-transport-security'] ?? '', /^max-age=\d{7,}$/);
    for (const headers of [plain, secure]) {
      assert.equal(headers['content-security-policy'], API_POLICY);
      assert.equal(headers['x-content-type-options'], 'nosniff');
      assert.equal(headers['referrer-policy'], 'no-referrer');
      assert.equal(headers['x-frame-options'], 'DENY');
      assert.equal(headers['cross-origin-opener-policy'], 'same-origin');
      assert.equal(headers['cross-origin-resource-policy'], 'same-origin');
      for (const feature of ['camera', 'microphone', 'geolocation', 'usb', 'serial']) {
        assert.match(headers['permissions-policy'] ?? '', new RegExp(`(^|, )${feature}=\\(\\)(,|$)`));
      }
    }
  });
});

describe('page policies', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-csp-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads a page once, and again when the file changes', async () => {
    const file = path.join(dir, 'index.html');
    // Whole seconds, so that setting the same time again gives the same mtimeMs.
    const built = 1_700_000_000;
    await writeFile(file, '<script>one()</script>');
    await utimes(file, built, built);
    const written = await stat(file);
    const policies = new PagePolicies();
    assert.equal(await policies.policyOf(file, written), sitePolicy([sha256('one()')]));
    // The same size and time: the page is not read again, so the policy stands even though the text changed.
    await writeFile(file, '<script>two()</script>');
    await utimes(file, built, built);
    assert.equal(await policies.policyOf(file, await stat(file)), sitePolicy([sha256('one()')]));
    // A rebuild changes the time: the page is read again.
    await utimes(file, built + 5, built + 5);
    assert.equal(await policies.policyOf(file, await stat(file)), sitePolicy([sha256('two()')]));
  });
});

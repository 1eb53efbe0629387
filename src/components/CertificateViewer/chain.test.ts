/**
 * A certificate's text is the peer's data: the chain report writes a subject, an issuer, a SAN and the advice
 * that look like markup as the characters they are, escaped by React, never as elements. And the report says
 * what a student must see: the verdict with the error name and the advice, where each certificate came from,
 * and an expired date, in both languages. Rendered to HTML by React's server renderer.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import { verbatim } from '../../common/localized';
import { certificateSummary, expiredChain, trustedChain } from '../../lab-client/testing/tls-fixtures';
import { renderHtml } from '../testing/static-render';

const HOSTILE = '<img src=x onerror=alert(1)>';
const NOW = Date.parse('2026-12-02T12:00:00Z');

async function chainHtml(
  report: ReturnType<typeof trustedChain>,
  locale: 'en' | 'zh-Hans' = 'en',
  pasted = false,
): Promise<string> {
  const { default: ChainReport } = await import('./chain');
  return renderHtml(createElement(ChainReport, { report, title: verbatim('Chain'), now: NOW, pasted }), locale);
}

describe('ChainReport', () => {
  it('renders a subject, an issuer, a SAN, a step and the advice that look like markup as text', async () => {
    const report = {
      ...trustedChain({
        subject: `CN=${HOSTILE}, O=socketlab class`,
        issuer: `CN=<script>alert(2)</script>`,
        subjectAltNames: [`DNS:${HOSTILE}`],
      }),
      trusted: false,
      code: 'CERT_HAS_EXPIRED',
      advice: `Renew it. ${HOSTILE}`,
    };
    const html = await chainHtml(report);
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    assert.match(html, /Renew it\. &lt;img/);
  });

  it('heads a card with its CN unescaped, still as text, and the subject below it as RFC 4514 writes it', async () => {
    const html = await chainHtml(
      trustedChain({ subject: 'CN=\\<img src=x onerror=alert(1)\\>, O=socketlab\\, class' }),
    );
    assert.doesNotMatch(html, /<img/i);
    assert.match(html, />&lt;img src=x onerror=alert\(1\)&gt;<\/p>/);
    assert.match(html, />CN=\\&lt;img src=x onerror=alert\(1\)\\&gt;, O=socketlab\\, class<\/p>/);
  });

  it('says a pasted certificate was pasted, not sent by a peer', async () => {
    const html = await chainHtml(expiredChain(), 'en', true);
    assert.match(html, /pasted/);
    assert.doesNotMatch(html, /sent by the peer/);
    assert.match(html, /from the trust store, not sent/);
    assert.match(await chainHtml(expiredChain()), /sent by the peer/);
    assert.match(await chainHtml(expiredChain(), 'zh-Hans', true), /由你粘贴/);
  });

  it('puts the verdict first: the error name and the advice when untrusted', async () => {
    const html = await chainHtml(expiredChain());
    assert.match(html, /data-trusted="false"/);
    assert.match(html, /Not trusted: CERT_HAS_EXPIRED/);
    assert.ok(html.indexOf('CERT_HAS_EXPIRED') < html.indexOf('data-certificate="0"'), 'the verdict comes first');
    assert.match(html, /past its notAfter date/);
    assert.match(html, /data-certificate="0" data-origin="sent" data-validity="expired"/);
    assert.match(html, /data-certificate="2" data-origin="trust-store" data-validity="valid"/);
    assert.match(html, /data-step="validity" data-state="failed"/);
    assert.match(html, /EXPIRED/);
  });

  it('says it is trusted and names each certificate’s place, in Chinese too', async () => {
    const html = await chainHtml(trustedChain(), 'zh-Hans');
    assert.match(html, /可信：每一步验证都通过了。/);
    assert.match(html, /叶子证书/);
    assert.match(html, /中间 CA/);
    assert.match(html, /根 CA/);
    assert.match(html, /来自信任库，对端没有发送/);
    assert.doesNotMatch(html, /Not trusted/);
  });

  it('offers each certificate’s PEM as a download named after it', async () => {
    const html = await chainHtml(trustedChain({ subject: `CN=${HOSTILE}` }));
    assert.match(html, /download="img-src-x-onerror-alert-1\.pem"/);
    assert.match(html, /href="data:application\/x-pem-file;charset=utf-8,-----BEGIN%20CERTIFICATE/);
    assert.equal(certificateSummary().pem.includes('<'), false);
  });
});

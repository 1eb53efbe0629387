/**
 * The PKI downloads as React writes them: the four files with a line each on why, linked on the lab server's own
 * origin (a path that would lead elsewhere is shown without a link), and the PKCS#12 password with its copy
 * button, in both languages.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import type { PkiDownloads } from '../../protocol';
import { renderHtml } from '../testing/static-render';

const PKI: PkiDownloads = {
  ca: '/pki/ca.pem',
  clientCertificate: '/api/sessions/S1/client.pem?token=D1',
  clientKey: '/api/sessions/S1/client.key?token=D1',
  clientPkcs12: '/api/sessions/S1/client.p12?token=D1',
  pkcs12Password: 'p12-<S1>',
};

async function html(pki: PkiDownloads, locale: 'en' | 'zh-Hans' = 'en'): Promise<string> {
  const { default: Downloads } = await import('.');
  return renderHtml(createElement(Downloads, { pki, wsUrl: 'ws://127.0.0.1:8080/ws' }), locale);
}

describe('PkiDownloads', () => {
  it('links each file on the lab server’s origin and says why a program wants it', async () => {
    const shown = await html(PKI);
    assert.match(shown, /href="http:\/\/127\.0\.0\.1:8080\/pki\/ca\.pem"/);
    assert.match(shown, /href="http:\/\/127\.0\.0\.1:8080\/api\/sessions\/S1\/client\.p12\?token=D1"/);
    assert.match(shown, /your program trusts this/);
    assert.match(shown, /mutual TLS: present this/);
    assert.match(shown, /<code>p12-&lt;S1&gt;<\/code>/);
    assert.match(shown, /aria-label="Copy the PKCS#12 password"/);
  });

  it('shows a path that leads off the lab server without a link', async () => {
    const shown = await html({ ...PKI, clientKey: '//evil.example/key', ca: 'javascript:alert(1)' });
    assert.doesNotMatch(shown, /evil\.example/);
    assert.doesNotMatch(shown, /javascript:/);
    assert.equal(shown.match(/<a /g)?.length, 2);
  });

  it('speaks Chinese on a Chinese page', async () => {
    const shown = await html(PKI, 'zh-Hans');
    assert.match(shown, /你的程序信任它/);
    assert.match(shown, /双向 TLS：服务器要求你证明身份时，出示这张证书/);
  });
});

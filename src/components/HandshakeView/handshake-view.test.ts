/**
 * The handshake view as React writes it: every message an arrow in wire order with its step or under its
 * flight, the lock lines, alerts, the note when there were no keys, and the empty state's command and why the
 * capture is off; what a peer sent (a server name) as text. Rendered by React's server renderer.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import type { Locale } from '../../common/localized';
import { mtlsRefusedHandshake, tls12RsaHandshake, tls13Handshake } from '../../lab-client/testing/tls-fixtures';
import { buildTlsLadder } from '../../lab-client/tls-ladder';
import type { CaptureStatus, TlsHandshake } from '../../protocol';
import { renderHtml } from '../testing/static-render';
import type { HandshakeViewProps } from '.';

const TLS_SERVER = {
  id: 'echo',
  kind: 'tls-echo',
  title: 'TLS echo',
  transport: 'tcp' as const,
  host: '127.0.0.1',
  port: 20443,
};

async function viewHtml(
  shown: TlsHandshake | undefined,
  options: { capture?: CaptureStatus; locale?: Locale } = {},
): Promise<string> {
  const { default: HandshakeView } = await import('.');
  const props: HandshakeViewProps = {
    handshakes: shown === undefined ? [] : [shown],
    shown,
    onChoose: () => {},
    packets: [],
    servers: [TLS_SERVER],
    capture: options.capture ?? { state: 'running', reason: '' },
    origin: shown?.messages[0]?.time,
    selectedId: undefined,
    onOpen: () => {},
  };
  return renderHtml(createElement(HandshakeView, props), options.locale);
}

const labels = (html: string) => [...html.matchAll(/data-label="([^"]*)"/g)].map((match) => match[1]);

describe('HandshakeView', () => {
  it('draws TLS 1.2’s steps in wire order, a lock above each side’s Finished, and the step it skipped', async () => {
    const handshake = tls12RsaHandshake();
    const html = await viewHtml(handshake);
    assert.match(html, /data-tls-scheme="tls12"/);
    assert.deepEqual(
      labels(html),
      buildTlsLadder(handshake).rows.map((row) => row.label),
    );
    assert.equal(labels(html)[3], '5 ServerHelloDone');
    assert.equal(html.match(/data-lock="/g)?.length, 2);
    assert.ok(html.indexOf('data-lock="to-server"') < html.indexOf('data-label="8 Finished"'));
    assert.match(html, /4 ServerKeyExchange: not sent\. With RSA key exchange/);
    assert.match(html, /Numbered as TLS 1\.2’s ten steps\./);
  });

  it('groups TLS 1.3 into its flights, in Chinese with the message names kept', async () => {
    const html = await viewHtml(tls13Handshake(), { locale: 'zh-Hans' });
    assert.match(html, /data-tls-scheme="tls13"/);
    for (const flight of ['客户端的第一组消息', '服务器的一组消息', '客户端的第二组消息', '握手之后']) {
      assert.match(html, new RegExp(flight));
    }
    assert.deepEqual(labels(html).slice(0, 4), [
      'ClientHello',
      'ServerHello',
      'ChangeCipherSpec',
      'EncryptedExtensions',
    ]);
    assert.match(html, /从这里开始，服务器发出的内容都是加密的/);
    assert.match(html, /<span class="time">\d+\.\d{6} 秒<\/span>/);
  });

  it('says the version once, times in seconds, and draws its padlock with a label instead of an emoji', async () => {
    const html = await viewHtml(tls13Handshake());
    const header = html.slice(0, html.indexOf('class="scheme"'));
    assert.equal(header.match(/TLS 1\.3/g)?.length, 1, 'TLS 1.3 once in the picker and summary lines');
    assert.match(html, /<span class="time">\d+\.\d{6} s<\/span>/);
    assert.doesNotMatch(html, /🔒/);
    assert.match(html, /<svg[^>]*role="img"[^>]*aria-label="encrypted, read with the session’s keys"/);
    // Beside the lock line's own words the drawing is decoration.
    assert.match(
      html,
      /data-lock="from-server"><span [^>]*><svg [^>]*aria-hidden="true"[^>]*data-lock-mark[^>]*>.*?<\/svg> from here on, what the server sends/,
    );
  });

  it('marks the alert that ended a mutual TLS handshake, and the summary says who sent it', async () => {
    const html = await viewHtml(mtlsRefusedHandshake());
    assert.match(
      html,
      /class="row fromServer alert encrypted" data-tls-type="alert" data-label="Alert \(fatal\): certificate_required"/,
    );
    assert.match(html, /the server sent fatal certificate_required \(116\)/);
    assert.match(html, /the server asked for a client certificate/);
  });

  it('says why a handshake could not be read, and shows a peer’s server name as text', async () => {
    const html = await viewHtml(tls13Handshake({ serverName: '<img src=x>', undecrypted: 'No keys were logged.' }));
    assert.match(html, /data-undecrypted/);
    assert.match(html, /No keys were logged\./);
    assert.match(html, /SNI &lt;img src=x&gt;/);
    assert.doesNotMatch(html, /<img/);
  });

  it('tells how to make a TLS connection while there is none, and why nothing shows without a capture', async () => {
    const running = await viewHtml(undefined);
    assert.match(running, /Connect with TLS to see the handshake here/);
    assert.match(running, /connect --tls echo/);
    assert.match(running, /openssl s_client -connect 127\.0\.0\.1:20443 -CAfile socketlab-ca\.pem/);
    assert.doesNotMatch(running, /no capture here/);
    const off = await viewHtml(undefined, { capture: { state: 'unavailable', reason: 'tshark is not installed' } });
    assert.match(off, /there is no capture here: tshark is not installed/);
  });
});

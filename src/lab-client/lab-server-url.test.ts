/** Tests of where the page's WebSocket goes and where the capture downloads from. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { captureDownloadUrl, labServerUrl } from './lab-server-url';

describe('labServerUrl', () => {
  it('uses the configured URL when there is one', () => {
    assert.equal(
      labServerUrl('ws://127.0.0.1:8080/ws', { protocol: 'http:', host: '127.0.0.1:3000' }),
      'ws://127.0.0.1:8080/ws',
    );
  });

  it('falls back to the page origin, path /ws, wss under https', () => {
    assert.equal(labServerUrl('', { protocol: 'http:', host: '127.0.0.1:8080' }), 'ws://127.0.0.1:8080/ws');
    assert.equal(labServerUrl(undefined, { protocol: 'https:', host: 'lab.example:443' }), 'wss://lab.example:443/ws');
    assert.equal(labServerUrl('  ', { protocol: 'http:', host: '[::1]:8080' }), 'ws://[::1]:8080/ws');
  });
});

describe('captureDownloadUrl', () => {
  const path = '/api/sessions/S1/capture.pcapng?token=D-1_x';

  it('puts the path, with its download token, on the HTTP origin of the WebSocket URL', () => {
    assert.equal(
      captureDownloadUrl(path, 'ws://127.0.0.1:8080/ws'),
      'http://127.0.0.1:8080/api/sessions/S1/capture.pcapng?token=D-1_x',
    );
    assert.equal(
      captureDownloadUrl(path, 'wss://lab.example/ws'),
      'https://lab.example/api/sessions/S1/capture.pcapng?token=D-1_x',
    );
    assert.equal(captureDownloadUrl(path, 'ws://[::1]:8080/ws'), `http://[::1]:8080${path}`);
  });

  it('refuses anything but an absolute path', () => {
    for (const bad of ['javascript:alert(1)', '//evil.example/x', 'relative/x', '/\\evil.example', '']) {
      assert.equal(captureDownloadUrl(bad, 'ws://h:1/ws'), undefined, bad);
    }
    assert.equal(captureDownloadUrl(path, 'not a url'), undefined);
  });
});

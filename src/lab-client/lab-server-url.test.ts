/** Tests of where the page's WebSocket goes. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labServerUrl } from './lab-server-url';

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

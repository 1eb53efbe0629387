/**
 * The page's decoder: it accepts what the lab server sends and turns anything else into a LabError rather than
 * a crash inside a component.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeServerMessage } from './decode-server';
import { LabError } from './errors';

describe('decodeServerMessage', () => {
  it('decodes a welcome with servers, checks and events', () => {
    const message = decodeServerMessage(
      JSON.stringify({
        type: 'welcome',
        protocol: 1,
        session: 's',
        token: 't',
        resumed: false,
        lab: { id: 'tcp-echo', title: 'T' },
        servers: [{ id: 'echo', kind: 'tcp-echo', title: 'E', transport: 'tcp', host: '127.0.0.1', port: 20417 }],
        checks: [{ id: 'connected', title: 'C', state: 'pending', detail: '' }],
        events: [{ seq: 1, time: 3, server: 'echo', connection: 1, kind: 'receive', bytes: 2, preview: '4869' }],
      }),
    );
    assert.equal(message.type, 'welcome');
    if (message.type === 'welcome') {
      assert.equal(message.servers[0]?.port, 20417);
      assert.equal(message.events[0]?.preview, '4869');
    }
  });

  it('rejects unknown types, bad states and codes outside the catalog', () => {
    for (const text of [
      '{"type":"eval","code":"alert(1)"}',
      '{"type":"check","check":{"id":"a","title":"b","state":"green","detail":""}}',
      '{"type":"error","code":"E_WHATEVER","message":"m","fatal":false}',
      '{"type":"event","event":{"seq":1,"time":1,"server":"e","connection":1,"kind":"receive","preview":"zz"}}',
      'not json',
    ]) {
      assert.throws(() => decodeServerMessage(text), LabError, text);
    }
  });
});

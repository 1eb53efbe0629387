/**
 * The picker's words follow what it offers: a connection for TCP, a flow for UDP, both where the list holds
 * both, and a UDP option says UDP; TCP's words are those it always had.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LadderConnection } from '../../../lab-client/ladder';
import type { TransportProtocol } from '../../../protocol';
import { optionText, pickerLabel, singleText } from './text';

function made(transport: TransportProtocol, connection: number, clientPort: number): LadderConnection {
  return {
    transport,
    connection,
    client: `127.0.0.1:${clientPort}`,
    server: '127.0.0.1:40123',
    serverPort: 40123,
    serverId: 'echo',
    packets: [],
  };
}

const TCP = made('tcp', 1, 54122);
const UDP = made('udp', 2, 50001);

describe('connection picker words', () => {
  it('label the select for connections, flows, or both', () => {
    assert.deepEqual(pickerLabel([TCP, made('tcp', 3, 54130)]), { en: 'Connection', 'zh-Hans': '连接' });
    assert.deepEqual(pickerLabel([UDP, made('udp', 3, 50002)]), { en: 'Flow', 'zh-Hans': '流' });
    assert.deepEqual(pickerLabel([TCP, UDP]), { en: 'Connection or flow', 'zh-Hans': '连接或流' });
  });

  it('say UDP before a flow’s option and nothing new before a connection’s', () => {
    assert.equal(optionText(TCP), '#1 127.0.0.1:54122 → echo');
    assert.equal(optionText(UDP), 'UDP #2 127.0.0.1:50001 → echo');
    assert.equal(optionText({ ...UDP, serverId: undefined }), 'UDP #2 127.0.0.1:50001 → 127.0.0.1:40123');
  });

  it('name a lone connection or flow as what it is', () => {
    assert.deepEqual(singleText(TCP), {
      en: 'Connection #1: 127.0.0.1:54122 → 127.0.0.1:40123',
      'zh-Hans': '连接 #1：127.0.0.1:54122 → 127.0.0.1:40123',
    });
    assert.deepEqual(singleText(UDP), {
      en: 'UDP flow #2: 127.0.0.1:50001 → 127.0.0.1:40123',
      'zh-Hans': 'UDP 流 #2：127.0.0.1:50001 → 127.0.0.1:40123',
    });
  });
});

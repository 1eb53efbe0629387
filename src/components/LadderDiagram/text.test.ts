/** The ladder's words follow the lab's servers: connections for TCP, flows for UDP, both for a lab with both. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KIND_TEXT, ladderKinds } from './text';

describe('ladder words', () => {
  it('speak of connections, flows or both, as the lab’s servers are TCP, UDP or both', () => {
    assert.equal(ladderKinds([]), 'tcp');
    assert.equal(ladderKinds(['tcp', 'tcp']), 'tcp');
    assert.equal(ladderKinds(['udp']), 'udp');
    assert.equal(ladderKinds(['tcp', 'udp']), 'both');
    assert.match(KIND_TEXT.udp.empty.en, /^No datagram yet.*no handshake and no teardown/);
    assert.match(KIND_TEXT.udp.empty['zh-Hans'], /UDP 没有三次握手，也没有四次挥手/);
    assert.equal(KIND_TEXT.tcp.ladder.en, 'One connection');
    assert.equal(KIND_TEXT.both.flow['zh-Hans'], '所有连接和流（流图）');
  });
});

/**
 * The raw-frame walker that lets the capture drop unsubscribed frames before tshark and cut payloads itself:
 * the common shapes with both endpoints, and truncated or foreign frames, which must give `undefined` and
 * never throw.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateTransport } from './frame-layers';
import { tcpFrame, udpFrame } from './synthetic-frames';

describe('locateTransport', () => {
  it('finds TCP addresses, ports and the payload after the options in Ethernet/IPv4', () => {
    const frame = tcpFrame({
      srcPort: 54122,
      dstPort: 20417,
      seq: 1,
      ack: 1,
      flags: 0x018,
      options: [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2],
      payload: Buffer.from('Hello'),
    });
    // Source and destination told apart: 10.1.2.3 → 127.0.0.1.
    frame.set([10, 1, 2, 3], 14 + 12);
    const location = locateTransport(1, frame);
    assert.deepEqual(location, {
      protocol: 'tcp',
      src: '4/10.1.2.3',
      srcPort: 54122,
      dst: '4/127.0.0.1',
      dstPort: 20417,
      payloadOffset: 14 + 20 + 32,
    });
    assert.equal(frame.subarray(location.payloadOffset).toString(), 'Hello');
  });

  it('finds UDP and both addresses in Ethernet/IPv6', () => {
    const frame = udpFrame({ srcPort: 50000, dstPort: 20001, payload: Buffer.from('x'), ipVersion: 6 });
    // fe80::2 → ::1
    frame.set([0xfe, 0x80], 14 + 8);
    frame[14 + 8 + 15] = 2;
    assert.deepEqual(locateTransport(1, frame), {
      protocol: 'udp',
      src: `6/fe80${'0'.repeat(26)}02`,
      srcPort: 50000,
      dst: `6/${'0'.repeat(31)}1`,
      dstPort: 20001,
      payloadOffset: 14 + 40 + 8,
    });
  });

  it('reads raw-IP and Linux cooked v2 link types', () => {
    const ethernet = udpFrame({ srcPort: 1, dstPort: 2 });
    assert.equal(locateTransport(101, ethernet.subarray(14))?.dstPort, 2);
    const sll2 = Buffer.concat([Buffer.from([0x08, 0x00]), Buffer.alloc(18), ethernet.subarray(14)]);
    assert.equal(locateTransport(276, sll2)?.dstPort, 2);
  });

  it('gives up on truncated, fragmented, foreign and random frames', () => {
    const frame = tcpFrame({ srcPort: 1, dstPort: 2, seq: 0, ack: 0, flags: 2 });
    for (let length = 0; length < 14 + 20 + 20; length++) {
      assert.equal(locateTransport(1, frame.subarray(0, length)), undefined, `length ${length}`);
    }
    const fragment = Buffer.from(frame);
    fragment.writeUInt16BE(0x0010, 14 + 6);
    assert.equal(locateTransport(1, fragment), undefined);
    const arp = Buffer.from(frame);
    arp.writeUInt16BE(0x0806, 12);
    assert.equal(locateTransport(1, arp), undefined);
    assert.equal(locateTransport(147, frame), undefined);
    let seed = 3;
    for (let round = 0; round < 2000; round++) {
      const noise = Buffer.from(
        Array.from({ length: round % 120 }, () => {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          return seed & 0xff;
        }),
      );
      for (const linkType of [0, 1, 101, 113, 276]) assert.doesNotThrow(() => locateTransport(linkType, noise));
    }
  });
});

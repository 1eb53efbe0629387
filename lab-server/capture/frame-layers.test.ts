/**
 * The raw-frame walker that lets the capture drop unsubscribed frames before tshark and cut payloads itself:
 * the common shapes with both endpoints, and truncated or foreign frames, which must give `undefined` and
 * never throw.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cookedLink, locateTransport } from './frame-layers';
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

  it("reads frames tcpdump captured on `any` (LINUX_SLL2): a board's SYN and data, the reply, a loopback SYN", () => {
    // Captured with tcpdump -i any in a network namespace: 10.199.0.2 (a board) ↔ 10.199.0.1:60001 over a veth
    // (interface 2), and 10.199.0.1 → itself, which goes over lo (interface 1).
    const boardSyn = Buffer.from(
      '080000000000000200010006c2f86147ddab00004500003c9f3c4000400685ef0ac700020ac70001b0caea612f47727400000000a002faf015bf0000020405b40402080a53bee6d8000000000103030a',
      'hex',
    );
    const boardData = Buffer.from(
      '080000000000000200010006c2f86147ddab0000450000409f3e4000400685e90ac700020ac70001b0caea612f477275f90cee558018003f15c300000101080a53bee6d96f46b2ff48656c6c6f2c776f726c6421',
      'hex',
    );
    const reply = Buffer.from(
      '080000000000000200010406aa40ff224d4500004500003c000040004006252c0ac700010ac70002ea61b0caf90cee542f477275a012fe8815bf0000020405b40402080a6f46b2ff53bee6d80103030a',
      'hex',
    );
    const loopback = Buffer.from(
      '08000000000000010304000600000000000000004500003cac1040004006791c0ac700010ac70001d4a0ea616edfb8b000000000a002ffd715be00000204ffd70402080ab592a1aa000000000103030a',
      'hex',
    );
    assert.deepEqual(locateTransport(276, boardSyn), {
      protocol: 'tcp',
      src: '4/10.199.0.2',
      srcPort: 45258,
      dst: '4/10.199.0.1',
      dstPort: 60001,
      payloadOffset: 20 + 20 + 40,
    });
    const data = locateTransport(276, boardData);
    assert.equal(data?.payloadOffset, boardData.length - 12);
    assert.equal(boardData.subarray(data?.payloadOffset).toString(), 'Hello,world!');
    assert.deepEqual(cookedLink(276, boardSyn), { interfaceIndex: 2, packetType: 0 });
    assert.deepEqual(
      { ...locateTransport(276, reply), link: cookedLink(276, reply) },
      {
        protocol: 'tcp',
        src: '4/10.199.0.1',
        srcPort: 60001,
        dst: '4/10.199.0.2',
        dstPort: 45258,
        payloadOffset: 80,
        link: { interfaceIndex: 2, packetType: 4 },
      },
    );
    assert.equal(locateTransport(276, loopback)?.dst, '4/10.199.0.1');
    assert.deepEqual(cookedLink(276, loopback), { interfaceIndex: 1, packetType: 0 });
    assert.equal(cookedLink(1, boardSyn), undefined);
    assert.equal(cookedLink(276, boardSyn.subarray(0, 19)), undefined);
  });
});

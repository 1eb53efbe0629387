/**
 * From tshark's fields and the raw frame to the Packet: flag names, Wireshark's info line, expert flags and the
 * capped payload.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateTransport } from './frame-layers';
import { PAYLOAD_HEX_LIMIT_BYTES } from './packet';
import { buildPacket, tcpFlagNames } from './packet-builder';
import { rawFrame, tcpFrame, udpFrame } from './synthetic-frames';
import { TcpConnectionTracker } from './tcp-connections';
import type { DissectedFields, DissectedTcp } from './tshark-fields';

function tcpFields(tcp: Partial<DissectedTcp>, ports = { srcPort: 54122, dstPort: 20417 }): DissectedFields {
  return {
    frameNumber: 1,
    timeEpoch: undefined,
    frameLength: undefined,
    ipVersion: 4,
    src: '127.0.0.1',
    dst: '127.0.0.1',
    protocol: 'tcp',
    ...ports,
    udpLength: undefined,
    tcp: {
      stream: 0,
      seq: undefined,
      seqRaw: 100,
      ack: undefined,
      ackRaw: 0,
      flags: 0x002,
      windowValue: 65495,
      window: 65495,
      len: 0,
      mss: undefined,
      windowScale: undefined,
      sackPermitted: false,
      tsval: undefined,
      tsecr: undefined,
      expert: [],
      ...tcp,
    },
  };
}

describe('tcpFlagNames', () => {
  it('uses Wireshark order', () => {
    assert.equal(tcpFlagNames(0x002), 'SYN');
    assert.equal(tcpFlagNames(0x012), 'SYN,ACK');
    assert.equal(tcpFlagNames(0x018), 'PSH,ACK');
    assert.equal(tcpFlagNames(0x019), 'FIN,PSH,ACK');
    assert.equal(tcpFlagNames(0x014), 'RST,ACK');
    assert.equal(tcpFlagNames(0x0c2), 'SYN,ECE,CWR');
    assert.equal(tcpFlagNames(0), '');
  });
});

describe('buildPacket', () => {
  it('writes the info line of a SYN with its options', () => {
    const data = tcpFrame({ srcPort: 54122, dstPort: 20417, seq: 100, ack: 0, flags: 0x002, window: 65495 });
    const frame = rawFrame(data);
    const packet = buildPacket(
      {
        id: 1,
        fields: tcpFields({ mss: 65495, sackPermitted: true, tsval: 5, tsecr: 0, windowScale: 7 }),
        frame,
        location: locateTransport(1, data),
      },
      new TcpConnectionTracker(),
    );
    assert.equal(packet?.info, '54122 → 20417 [SYN] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM TSval=5 TSecr=0 WS=128');
    assert.equal(packet?.tcp?.flagNames, 'SYN');
    assert.ok(Math.abs((packet?.time ?? 0) - 1_700_000_000 - 0.123456789) < 1e-6);
    assert.deepEqual(packet?.expert, []);
    assert.doesNotThrow(() => JSON.stringify(packet));
  });

  it('passes the IP and TCP header fields on, and leaves them out when tshark gave none', () => {
    const data = tcpFrame({ srcPort: 54122, dstPort: 20417, seq: 100, ack: 0, flags: 0x002 });
    const ip = {
      headerLength: 20,
      dscp: 0,
      ecn: 0,
      ttl: 64,
      protocol: 6,
      checksum: { value: 1, status: 'good' },
    } as const;
    const checksum = { value: 0xfe30, status: 'unverified' } as const;
    const packet = buildPacket(
      {
        id: 1,
        fields: { ...tcpFields({ headerLength: 40, checksum, urgentPointer: 0 }), ip },
        frame: rawFrame(data),
        location: locateTransport(1, data),
      },
      new TcpConnectionTracker(),
    );
    assert.deepEqual(packet?.ip, ip);
    assert.equal(packet?.tcp?.headerLength, 40);
    assert.deepEqual(packet?.tcp?.checksum, checksum);
    assert.equal(packet?.tcp?.urgentPointer, 0);
    const bare = buildPacket(
      { id: 2, fields: tcpFields({}), frame: rawFrame(data), location: locateTransport(1, data) },
      new TcpConnectionTracker(),
    );
    assert.ok(bare !== undefined && !('ip' in bare) && !('checksum' in bare.tcp!), 'no undefined fields');
  });

  it('prefixes expert notes and marks a reset', () => {
    const data = tcpFrame({ srcPort: 54122, dstPort: 20417, seq: 100, ack: 5, flags: 0x014 });
    const packet = buildPacket(
      {
        id: 2,
        fields: tcpFields({ flags: 0x014, ackRaw: 5, expert: ['retransmission'] }),
        frame: rawFrame(data),
        location: locateTransport(1, data),
      },
      new TcpConnectionTracker(),
    );
    assert.equal(packet?.info.startsWith('[TCP Retransmission] 54122 → 20417 [RST, ACK] Seq=1 Ack=1 '), true);
    assert.deepEqual(packet?.expert, ['retransmission', 'rst']);
  });

  it('caps the payload hex and keeps the real length', () => {
    const payload = Buffer.alloc(3000, 0x41);
    const data = udpFrame({ srcPort: 50000, dstPort: 20001, payload });
    const packet = buildPacket(
      {
        id: 3,
        fields: {
          ...tcpFields({}, { srcPort: 50000, dstPort: 20001 }),
          protocol: 'udp',
          tcp: undefined,
          udpLength: 3008,
        },
        frame: rawFrame(data),
        location: locateTransport(1, data),
      },
      new TcpConnectionTracker(),
    );
    assert.equal(packet?.payload.length, 3000);
    assert.equal(packet?.payload.hex.length, PAYLOAD_HEX_LIMIT_BYTES * 2);
    assert.equal(packet?.payload.truncated, true);
    assert.equal(packet?.info, '50000 → 20001 Len=3000');
  });

  it('marks a payload cut short by the snap length as truncated', () => {
    const data = tcpFrame({ srcPort: 1, dstPort: 2, seq: 0, ack: 0, flags: 0x018, payload: Buffer.from('abcdef') });
    const frame = { ...rawFrame(data.subarray(0, data.length - 2)), originalLength: data.length };
    const packet = buildPacket(
      { id: 4, fields: tcpFields({ flags: 0x018, len: 6 }), frame, location: locateTransport(1, data) },
      new TcpConnectionTracker(),
    );
    assert.deepEqual(packet?.payload, { hex: Buffer.from('abcd').toString('hex'), length: 6, truncated: true });
  });

  it('ignores frames that are neither TCP nor UDP', () => {
    const fields = { ...tcpFields({}), protocol: undefined, tcp: undefined };
    assert.equal(
      buildPacket({ id: 5, fields, frame: rawFrame(Buffer.alloc(0)), location: undefined }, new TcpConnectionTracker()),
      undefined,
    );
  });
});

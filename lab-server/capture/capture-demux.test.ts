/**
 * Demultiplexing by endpoint: a packet reaches the owners of its source or destination endpoint — transport,
 * address and port, all three — each once, and nobody else; wildcards own their port on the IP versions their
 * socket accepts; a disposed subscription receives nothing more.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaptureDemux, isWildcard, type PacketEndpoints, type ServerEndpoint } from './capture-demux';
import { addressKey } from './ip-address';

function tcp(address: string, port: number): ServerEndpoint {
  return { transport: 'tcp', address, port };
}

/** A packet between two `address port` ends, written as text for the test. */
function packet(from: string, to: string, protocol: 'tcp' | 'udp' = 'tcp'): PacketEndpoints {
  const [src, srcPort] = end(from);
  const [dst, dstPort] = end(to);
  return { protocol, src, srcPort, dst, dstPort };
}

function end(text: string): [string, number] {
  const space = text.lastIndexOf(' ');
  const key = addressKey(text.slice(0, space));
  assert.ok(key !== undefined, text);
  return [key, Number(text.slice(space + 1))];
}

describe('CaptureDemux', () => {
  it('finds the owners of either endpoint and nobody else', () => {
    const demux = new CaptureDemux<string>();
    demux.add([tcp('127.0.0.1', 20001)], 'alice');
    demux.add([tcp('127.0.0.1', 20002), tcp('127.0.0.1', 20003)], 'bob');
    assert.deepEqual(demux.listenersFor(packet('127.0.0.1 54000', '127.0.0.1 20001')), ['alice']);
    assert.deepEqual(demux.listenersFor(packet('127.0.0.1 20003', '127.0.0.1 54000')), ['bob']);
    assert.deepEqual(demux.listenersFor(packet('127.0.0.1 54000', '127.0.0.1 20004')), []);
    assert.equal(demux.wants(packet('127.0.0.1 54000', '127.0.0.1 20004')), false);
    assert.equal(demux.wants(packet('127.0.0.1 54000', '127.0.0.1 20001')), true);
  });

  it('gives a packet whose both ends are owned to each owner once', () => {
    const demux = new CaptureDemux<string>();
    demux.add([tcp('127.0.0.1', 20001)], 'alice');
    demux.add([tcp('127.0.0.1', 20002), tcp('127.0.0.1', 20003), tcp('0.0.0.0', 20003)], 'bob');
    assert.deepEqual(demux.listenersFor(packet('127.0.0.1 20002', '127.0.0.1 20003')), ['bob']);
    assert.deepEqual(demux.listenersFor(packet('127.0.0.1 20001', '127.0.0.1 20002')).sort(), ['alice', 'bob']);
    assert.deepEqual(demux.listenersFor(packet('127.0.0.1 20003', '127.0.0.1 20003')), ['bob']);
  });

  it('matches the address too: the same port elsewhere, or over the other transport, is somebody else’s', () => {
    const demux = new CaptureDemux<string>();
    demux.add([tcp('127.0.0.1', 20001)], 'alice');
    demux.add([tcp('::1', 20002)], 'bob');
    assert.deepEqual(demux.listenersFor(packet('::1 54000', '::1 20001')), []);
    assert.deepEqual(demux.listenersFor(packet('127.0.0.2 54000', '127.0.0.2 20001')), []);
    assert.deepEqual(demux.listenersFor(packet('127.0.0.1 20001', '127.0.0.1 54000', 'udp')), []);
    assert.deepEqual(demux.listenersFor(packet('127.0.0.1 54000', '127.0.0.1 20002')), []);
    assert.deepEqual(demux.listenersFor(packet('0:0:0:0:0:0:0:1 54000', '::1 20002')), ['bob']);
    assert.deepEqual(demux.listenersFor(packet('::1 20002', '::1 54000')), ['bob']);
  });

  it('lets 0.0.0.0 own its port on every IPv4 address but no IPv6 one, and :: on both', () => {
    const demux = new CaptureDemux<string>();
    demux.add([tcp('0.0.0.0', 20001)], 'any4');
    demux.add([tcp('::', 20002)], 'dual');
    assert.deepEqual(demux.listenersFor(packet('127.0.0.1 54000', '127.0.0.1 20001')), ['any4']);
    assert.deepEqual(demux.listenersFor(packet('192.168.1.5 20001', '127.0.0.1 54000')), ['any4']);
    assert.deepEqual(demux.listenersFor(packet('::1 54000', '::1 20001')), []);
    assert.deepEqual(demux.listenersFor(packet('127.0.0.1 54000', '127.0.0.1 20002')), ['dual']);
    assert.deepEqual(demux.listenersFor(packet('fe80::1 20002', 'fe80::2 54000')), ['dual']);
    assert.deepEqual(demux.listenersFor(packet('::1 54000', '::1 20001', 'udp')), []);
    assert.equal(demux.endpointCount, 3);
  });

  it('matches an IPv4-mapped bound address as the IPv4 address it talks on the wire', () => {
    const demux = new CaptureDemux<string>();
    demux.add([tcp('::ffff:127.0.0.1', 20001), tcp('::ffff:0.0.0.0', 20002)], 'alice');
    assert.deepEqual(demux.listenersFor(packet('127.0.0.1 54000', '127.0.0.1 20001')), ['alice']);
    assert.deepEqual(demux.listenersFor(packet('127.0.0.9 54000', '127.0.0.9 20002')), ['alice']);
    assert.deepEqual(demux.listenersFor(packet('::1 54000', '::1 20002')), []);
  });

  it('refuses what is not an IP address, and knows a wildcard', () => {
    const demux = new CaptureDemux<string>();
    for (const address of ['localhost', '', '127.0.0.256', '1::2::3', '::g']) {
      assert.throws(() => demux.add([tcp(address, 20001)], 'alice'), RangeError, address);
    }
    assert.equal(demux.endpointCount, 0);
    assert.deepEqual(
      ['0.0.0.0', '::', '0::0', '127.0.0.1', '::1'].map((address) => isWildcard(tcp(address, 1))),
      [true, true, true, false, false],
    );
  });

  it('forgets a disposed subscription, and disposing twice is harmless', () => {
    const demux = new CaptureDemux<string>();
    const alice = demux.add([tcp('127.0.0.1', 20001), tcp('127.0.0.1', 20001)], 'alice');
    demux.add([tcp('127.0.0.1', 20001)], 'carol');
    alice.dispose();
    alice.dispose();
    assert.deepEqual(demux.listenersFor(packet('127.0.0.1 1', '127.0.0.1 20001')), ['carol']);
    assert.deepEqual(demux.all(), ['carol']);
    demux.add([tcp('::', 20002)], 'dave').dispose();
    assert.equal(demux.wants(packet('::1 1', '::1 20002')), false);
    assert.equal(demux.endpointCount, 1);
  });

  it("matches a wildcard only on the sides that are this host's addresses", () => {
    const demux = new CaptureDemux<string>();
    demux.add([tcp('0.0.0.0', 20001)], 'wild');
    demux.add([tcp('192.168.1.20', 20002)], 'exact');
    const toUs = packet('192.168.1.7 51000', '192.168.1.20 20001');
    assert.deepEqual(demux.listenersFor(toUs, { src: false, dst: true }), ['wild']);
    // Forwarded between two other hosts (a container talking to a remote R:20001): nobody's.
    const forwarded = packet('172.17.0.2 51000', '93.184.216.34 20001');
    assert.deepEqual(demux.listenersFor(forwarded, { src: false, dst: false }), []);
    assert.equal(demux.wants(forwarded, { src: false, dst: false }), false);
    assert.deepEqual(demux.listenersFor(packet('192.168.1.20 20001', '192.168.1.7 51000'), { src: true, dst: false }), [
      'wild',
    ]);
    // An exact endpoint needs no narrowing: its address says it all.
    assert.deepEqual(
      demux.listenersFor(packet('192.168.1.7 51000', '192.168.1.20 20002'), { src: false, dst: false }),
      ['exact'],
    );
  });
});

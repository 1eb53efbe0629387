/**
 * The record tap and the handshake message parsers on bytes from a peer: a real ClientHello, as Node's TLS
 * client writes it, read whole and cut at every byte; records split across TCP chunks anyhow; bytes that are
 * not TLS; and every message truncated, which must give undefined, never a throw or a made-up field.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { Duplex } from 'node:stream';
import { describe, it } from 'node:test';
import tls from 'node:tls';
import { parseCertificates, parseClientHello, parseServerHello, parseServerKeyExchange } from './tls-messages';
import { RecordTap, type TapEvent } from './tls-record-tap';

/** The first flight Node's client writes (its ClientHello record), caught on a stream that goes nowhere. */
function clientHelloRecord(options: tls.ConnectionOptions): Promise<Buffer> {
  return new Promise((resolve) => {
    const sink = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, done) {
        resolve(chunk);
        done();
      },
    });
    const socket = tls.connect({ ...options, socket: sink });
    socket.on('error', () => {});
    setImmediate(() => socket.destroy());
  });
}

/** Feeds `bytes` to a tap's reading side in the given pieces and returns what it reported. */
function tapEvents(pieces: readonly Buffer[]): TapEvent[] {
  const events: TapEvent[] = [];
  const socket = new net.Socket();
  const tap = new RecordTap(socket, (event) => events.push(event));
  tap.on('error', () => {});
  tap.resume();
  for (const piece of pieces) socket.emit('data', piece);
  tap.destroy();
  return events;
}

describe('TLS record tap and message parsers', () => {
  it('reads the ClientHello Node writes: versions, suites, SNI and key share', async () => {
    const record = await clientHelloRecord({ servername: 'localhost', minVersion: 'TLSv1.2' });
    const [event] = tapEvents([record]);
    assert.equal(event?.kind, 'handshake');
    assert.ok(event?.kind === 'handshake' && event.type === 1);
    const hello = parseClientHello(event.body);
    assert.ok(hello !== undefined);
    assert.equal(hello.serverName, 'localhost');
    assert.deepEqual(hello.supportedVersions, [0x0304, 0x0303]);
    assert.ok(hello.cipherSuites.includes(0x1302), 'TLS_AES_256_GCM_SHA384 is offered');
    assert.ok(hello.keyShareGroups.includes(0x001d), 'an x25519 key share');
    const only12 = parseClientHello(
      (tapEvents([await clientHelloRecord({ maxVersion: 'TLSv1.2' })])[0] as { body: Buffer }).body,
    );
    assert.deepEqual(only12?.supportedVersions, []);
    assert.equal(only12?.serverName, undefined);
  });

  it('reports the same messages however TCP cut the records', async () => {
    const record = await clientHelloRecord({ servername: 'localhost' });
    const whole = tapEvents([record]);
    for (let cut = 1; cut < record.length; cut++) {
      assert.deepEqual(tapEvents([record.subarray(0, cut), record.subarray(cut)]), whole, `cut at ${cut}`);
    }
    const bytewise = tapEvents([...record].map((byte) => Buffer.from([byte])));
    assert.deepEqual(bytewise, whole);
  });

  it('says when what arrives is not TLS, and reads that direction no further', () => {
    const events = tapEvents([Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'), Buffer.from([22, 3, 3, 0, 1, 0])]);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.kind, 'not-tls');
    assert.ok(events[0]?.kind === 'not-tls' && events[0].first.toString().startsWith('HTTP/1.1'));
    assert.equal(tapEvents([Buffer.from([22, 3, 3, 0xff, 0xff])])[0]?.kind, 'not-tls', 'a record too long');
  });

  it('tells alerts, ChangeCipherSpec and encrypted records apart', () => {
    const events = tapEvents([
      Buffer.from([21, 3, 3, 0, 2, 2, 70]),
      Buffer.from([20, 3, 3, 0, 1, 1]),
      Buffer.from([22, 3, 3, 0, 3, 1, 2, 3]),
      Buffer.from([23, 3, 3, 0, 2, 9, 9]),
    ]);
    assert.deepEqual(
      events.map((event) => event.kind),
      ['alert', 'change-cipher-spec', 'encrypted-handshake', 'encrypted'],
    );
    assert.ok(events[0]?.kind === 'alert' && events[0].level === 2 && events[0].description === 70);
  });

  it('gives undefined for every truncated message, never a throw', async () => {
    const record = await clientHelloRecord({ servername: 'localhost' });
    const body = (tapEvents([record])[0] as { body: Buffer }).body;
    for (let length = 0; length < body.length; length++) {
      const cut = body.subarray(0, length);
      const hello = parseClientHello(cut);
      // A hello cut right after its compression methods is whole without extensions, as TLS 1.2 allows.
      if (hello !== undefined) assert.equal(hello.serverName, undefined, `cut at ${length}`);
      parseServerHello(cut);
      parseCertificates(cut);
      parseServerKeyExchange(cut);
    }
    assert.equal(parseServerHello(Buffer.alloc(10)), undefined);
    assert.deepEqual(parseCertificates(Buffer.from([0, 0, 0])), []);
    assert.equal(parseCertificates(Buffer.from([0, 0, 9, 0, 0, 20])), undefined);
    assert.equal(parseServerKeyExchange(Buffer.from([1, 0, 0x1d])), undefined, 'not a named curve');
    assert.deepEqual(parseServerKeyExchange(Buffer.from([3, 0, 0x1d, 1, 4, 4, 3])), {
      namedGroup: 0x1d,
      signatureScheme: 0x0403,
    });
  });
});

/**
 * The decoders of tshark's JSON tree on bad input: shapes tshark would not write, fields of the wrong type,
 * numbers out of range, an oversized certificate, an unknown message type — each reads as absent, never throws.
 * The well-formed trees are read from real tshark in `handshake-reader.test.ts`.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeHandshake, MAX_CERTIFICATE_BYTES, MAX_CERTIFICATES } from './handshake-message';
import { handshakesOf, parseTlsFrame } from './tls-frame';
import { alertDescription, codePoint, tlsVersion } from './tls-names';
import { collect, hexBytes, toNumber } from './tshark-json';

const layers = (extra: Record<string, unknown> = {}): unknown => ({
  _source: {
    layers: {
      frame: { 'frame.number': '4', 'frame.time_epoch': '1700000000.5' },
      ip: { 'ip.src': '127.0.0.1', 'ip.dst': '127.0.0.1' },
      tcp: { 'tcp.srcport': '40000', 'tcp.dstport': '57300', 'tcp.stream': '0' },
      ...extra,
    },
  },
});

describe('parseTlsFrame', () => {
  it('reads a frame, several TLS layers, and a record of each kind', () => {
    const frame = parseTlsFrame(
      layers({
        tls: [
          {
            'tls.record': { 'tls.record.content_type': '22', 'tls.record.version': '0x0301', 'tls.record.length': '5' },
          },
          { 'tls.record': [{ 'tls.record.opaque_type': '23', 'tls.record.length': '9' }] },
        ],
      }),
    );
    assert.deepEqual(
      frame?.records.map((record) => [record.contentType, record.protected, record.version, record.length]),
      [
        [22, false, 0x0301, 5],
        [undefined, true, undefined, 9],
      ],
    );
    assert.deepEqual(
      [frame?.frame, frame?.time, frame?.srcPort, frame?.dstPort, frame?.stream],
      [4, 1700000000.5, 40000, 57300, 0],
    );
  });

  it('is undefined for shapes that are not a TCP frame of tshark’s', () => {
    for (const bad of [null, 'x', 42, [], {}, { _source: [] }, { _source: { layers: 'x' } }, layers({ tcp: 'x' })]) {
      assert.equal(parseTlsFrame(bad), undefined);
    }
    const noNumber = layers({ frame: { 'frame.number': 'four', 'frame.time_epoch': '1' } });
    assert.equal(parseTlsFrame(noNumber), undefined);
    const noTime = layers({ frame: { 'frame.number': '1', 'frame.time_epoch': 'soon' } });
    assert.equal(parseTlsFrame(noTime), undefined);
    assert.deepEqual(parseTlsFrame(layers({ tls: 'garbage' }))?.records, []);
    assert.deepEqual(parseTlsFrame(layers({ tls: { 'tls.record': ['x', 7] } }))?.records, []);
  });

  it('tells an unreadable handshake (an encrypted one without keys) from a read one', () => {
    const [record] = parseTlsFrame(
      layers({
        tls: {
          'tls.record': { 'tls.record.content_type': '22', 'tls.handshake': ['', { 'tls.handshake.type': '1' }] },
        },
      }),
    )!.records;
    const { messages, unreadable } = handshakesOf(record!);
    assert.equal(messages.length, 1);
    assert.equal(unreadable, true);
  });
});

describe('describeHandshake', () => {
  it('skips a message type the protocol does not name, and one without a type', () => {
    assert.equal(describeHandshake({ 'tls.handshake.type': '99' }, {}), undefined);
    assert.equal(describeHandshake({ 'tls.handshake.type': ['x'] }, {}), undefined);
    assert.equal(describeHandshake({}, {}), undefined);
  });

  it('leaves out what is malformed: a bad random, bad versions, code points out of range', () => {
    const hello = describeHandshake(
      {
        'tls.handshake.type': '1',
        'tls.handshake.length': 'many',
        'tls.handshake.version': '0x7f1c',
        'tls.handshake.random': 'zz:00',
        'tls.handshake.ciphersuites': { 'tls.handshake.ciphersuite': ['0x1301', '0x123456', 'x', { deep: 1 }] },
        'Extension: supported_versions (len=5)': {
          'tls.handshake.extension.type': '43',
          'tls.handshake.extensions.supported_version': ['0x0a0a', '0x0304'],
        },
        'Extension: odd': ['x', { 'tls.handshake.extension.type': '70000' }],
      },
      {},
    );
    assert.equal(hello?.type, 'client_hello');
    assert.equal(hello?.length, 0);
    assert.equal(hello?.legacyVersion, undefined);
    assert.equal(hello?.random, undefined);
    assert.deepEqual(hello?.cipherSuites, [{ code: 0x1301, name: 'TLS_AES_128_GCM_SHA256' }]);
    assert.deepEqual(hello?.supportedVersions, ['TLS 1.3']);
    assert.deepEqual(hello?.extensions, [{ code: 43, name: 'supported_versions' }]);
  });

  it('keeps at most MAX_CERTIFICATES certificates, none over MAX_CERTIFICATE_BYTES, none that are not bytes', () => {
    const small = Array.from({ length: 4 }, () => '30:82').join(':');
    const huge = Array.from({ length: MAX_CERTIFICATE_BYTES + 1 }, () => 'ab').join(':');
    const list = [huge, 'not hex', '', ...Array.from({ length: MAX_CERTIFICATES + 5 }, () => small)];
    const message = describeHandshake(
      { 'tls.handshake.type': '11', 'tls.handshake.certificates': { 'tls.handshake.certificate': list } },
      {},
    );
    assert.equal(message?.certificates?.length, MAX_CERTIFICATES);
    assert.ok(message?.certificates?.every((der) => der === '3082'.repeat(4)));
  });

  it('names a key exchange by the chosen suite, and by the message’s shape without one', () => {
    const exchange = { 'tls.handshake.type': '16' };
    const rsa = { code: 0x2f, name: 'TLS_RSA_WITH_AES_128_CBC_SHA' };
    assert.equal(describeHandshake(exchange, { cipherSuite: rsa })?.keyExchange, 'rsa');
    assert.equal(describeHandshake({ ...exchange, 'EC Diffie-Hellman Client Params': {} }, {})?.keyExchange, 'ecdhe');
    assert.equal(describeHandshake(exchange, {})?.keyExchange, undefined);
  });

  it('writes a CA’s name as RFC 4514 does, escaping what a peer may put in it', () => {
    const rdn = (oid: string, value: string): unknown => ({
      'x509if.RDNSequence_item_tree': {
        'x509if.RelativeDistinguishedName_item_element': {
          'x509if.oid': oid,
          'x509sat.DirectoryString': '4',
          'x509sat.DirectoryString_tree': { 'x509sat.uTF8String': value },
        },
      },
    });
    const request = describeHandshake(
      {
        'tls.handshake.type': '13',
        'tls.handshake.dnames': {
          'tls.handshake.dname': {
            'x509if.RDNSequence_item': ['1', '1'],
            ...merge(rdn('2.5.4.10', 'a,b'), rdn('2.5.4.3', '<CA>')),
          },
        },
      },
      {},
    );
    assert.deepEqual(request?.certificateAuthorities, ['CN=\\<CA\\>, O=a\\,b']);
  });
});

/** Two RDN subtrees as tshark's --no-duplicate-keys writes them: one key, an array of both. */
function merge(a: unknown, b: unknown): Record<string, unknown> {
  const key = 'x509if.RDNSequence_item_tree';
  return { [key]: [(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]] };
}

describe('tshark JSON helpers and names', () => {
  it('reads numbers and bytes strictly', () => {
    assert.deepEqual(['29', '0x001d', '', '1e3', '-1', '0x', 29, '9'.repeat(20)].map(toNumber), [
      29,
      29,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    assert.deepEqual(['16:03:01', 'AB', '', 'a:b', 'zz', undefined].map(hexBytes), [
      '160301',
      'ab',
      '',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('collects in tree order, skipping what it is told to, within its limit', () => {
    const tree = { a: '1', b: { a: ['2', '3'], c: { a: '4' } }, skip: { a: '5' } };
    assert.deepEqual(
      collect(tree, 'a', (key) => key === 'skip'),
      ['1', '2', '3', '4'],
    );
    assert.deepEqual(collect(tree, 'a', undefined, 2), ['1', '2']);
  });

  it('names what it knows and writes the rest in hex', () => {
    assert.deepEqual(codePoint('suite', 0x1302), { code: 0x1302, name: 'TLS_AES_256_GCM_SHA384' });
    assert.deepEqual(codePoint('group', 0x001d), { code: 0x001d, name: 'x25519' });
    assert.deepEqual(codePoint('scheme', 0x0804), { code: 0x0804, name: 'rsa_pss_rsae_sha256' });
    assert.deepEqual(codePoint('extension', 0x002b), { code: 0x002b, name: 'supported_versions' });
    assert.deepEqual(codePoint('suite', 0x2a2a), { code: 0x2a2a, name: 'GREASE' });
    assert.deepEqual(codePoint('suite', 0x2a2b), { code: 0x2a2b, name: '0x2a2b' });
    assert.deepEqual(alertDescription(116), { code: 116, name: 'certificate_required' });
    assert.deepEqual(alertDescription(250), { code: 250, name: '0xfa' });
    assert.equal(tlsVersion(0x0304), 'TLS 1.3');
    assert.equal(tlsVersion(0x7f1c), undefined);
  });
});

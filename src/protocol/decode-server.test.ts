/**
 * The page's decoder: it accepts what the lab server sends and turns anything else into a LabError rather than
 * a crash inside a component.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeServerMessage, TLS_DECODE_LIMITS } from './decode-server';
import { LabError } from './errors';
import { EVENT_PREVIEW_BYTES } from './limits';
import { PAYLOAD_HEX_LIMIT_BYTES } from './packet';
import { validMessage } from './testing/valid-messages';
import { MAX_TLS_HANDSHAKES } from './tls';

describe('decodeServerMessage', () => {
  it('decodes a welcome with servers, checks and events', () => {
    const message = decodeServerMessage(
      JSON.stringify({
        type: 'welcome',
        protocol: 1,
        session: 's',
        token: 't',
        resumed: false,
        lab: { id: 'tcp-echo', title: 'T', views: ['packets', 'events'] },
        servers: [{ id: 'echo', kind: 'tcp-echo', title: 'E', transport: 'tcp', host: '127.0.0.1', port: 20417 }],
        checks: [{ id: 'connected', title: 'C', state: 'pending', detail: '' }],
        events: [{ seq: 1, time: 3, server: 'echo', connection: 1, kind: 'receive', bytes: 2, preview: '4869' }],
        questions: [{ id: 'server-isn', prompt: 'P', format: 'a number', state: 'pending', detail: '', answer: '' }],
        faults: [{ kind: 'loss', server: 'echo', available: true, value: 20 }],
        capture: { state: 'unavailable', reason: 'tshark is not installed' },
        packets: [
          {
            id: 7,
            time: 1700000000.5,
            length: 66,
            capturedLength: 66,
            ipVersion: 4,
            src: '127.0.0.1',
            dst: '127.0.0.1',
            srcPort: 54122,
            dstPort: 20417,
            protocol: 'tcp',
            tcp: {
              connection: 1,
              seq: 0,
              ack: 0,
              seqRaw: 123,
              ackRaw: 0,
              nextSeq: 1,
              flags: 2,
              flagNames: 'SYN',
              windowValue: 65495,
              window: 65495,
              len: 0,
              options: { sackPermitted: true },
            },
            payload: { hex: '', length: 0, truncated: false },
            info: '54122 → 20417 [SYN] Seq=0',
            expert: [],
          },
        ],
        clock: { startedAt: 1699999999.25 },
        pcapng: '/api/sessions/s/capture.pcapng',
        handshakes: [],
      }),
    );
    assert.equal(message.type, 'welcome');
    if (message.type === 'welcome') {
      assert.equal(message.servers[0]?.port, 20417);
      assert.deepEqual(message.lab.views, ['packets', 'events']);
      assert.equal(message.events[0]?.preview, '4869');
      assert.equal(message.packets[0]?.tcp?.flagNames, 'SYN');
      assert.equal(message.capture.state, 'unavailable');
      assert.deepEqual(message.clock, { startedAt: 1699999999.25 });
    }
  });

  it('decodes the session clock, and wants its origin and what happened there together', () => {
    const withClock = (clock: unknown) => {
      const message = validMessage('server', 'welcome');
      message.clock = clock;
      return JSON.stringify(message);
    };
    const decoded = decodeServerMessage(withClock({ startedAt: 10, origin: 11.5, originKind: 'event' }));
    assert.ok(decoded.type === 'welcome');
    assert.deepEqual(decoded.clock, { startedAt: 10, origin: 11.5, originKind: 'event' });
    for (const clock of [
      { startedAt: 10, origin: 11.5 },
      { startedAt: 10, originKind: 'packet' },
      { startedAt: 10, origin: 11.5, originKind: 'gap' },
      { startedAt: 'now' },
      { origin: 1, originKind: 'packet' },
    ]) {
      assert.throws(() => decodeServerMessage(withClock(clock)), LabError, JSON.stringify(clock));
    }
  });

  it('checks the IP and TCP header fields a packet carries, each within its width', () => {
    const withHeaders = (edit: (packet: { ip: Record<string, unknown>; tcp: Record<string, unknown> }) => void) => {
      const message = validMessage('server', 'packet') as {
        packet: { ip: Record<string, unknown>; tcp: Record<string, unknown> };
      };
      edit(message.packet);
      return JSON.stringify(message);
    };
    assert.equal(decodeServerMessage(withHeaders(() => {})).type, 'packet');
    assert.equal(decodeServerMessage(withHeaders((p) => delete (p as { ip?: unknown }).ip)).type, 'packet');
    for (const [what, edit] of [
      ['a TTL past 255', (p) => (p.ip.ttl = 256)],
      ['a DSCP past 6 bits', (p) => (p.ip.dscp = 64)],
      ['a header shorter than 20 bytes', (p) => (p.ip.headerLength = 12)],
      ['a checksum past 16 bits', (p) => (p.ip.checksum = { value: 0x10000, status: 'good' })],
      ['a checksum state of its own', (p) => (p.tcp.checksum = { value: 1, status: 'fine' })],
      ['DF as a number', (p) => (p.ip.dontFragment = 1)],
      ['a TCP header of 64 bytes', (p) => (p.tcp.headerLength = 64)],
      ['an urgent pointer of -1', (p) => (p.tcp.urgentPointer = -1)],
      ['no TTL', (p) => delete p.ip.ttl],
    ] as const satisfies readonly (readonly [
      string,
      (packet: { ip: Record<string, unknown>; tcp: Record<string, unknown> }) => void,
    ])[]) {
      assert.throws(() => decodeServerMessage(withHeaders(edit)), LabError, what);
    }
  });

  it('rejects unknown types, bad states and codes outside the catalog', () => {
    for (const text of [
      '{"type":"eval","code":"alert(1)"}',
      '{"type":"check","check":{"id":"a","title":"b","state":"green","detail":""}}',
      '{"type":"error","code":"E_WHATEVER","message":"m","fatal":false}',
      '{"type":"event","event":{"seq":1,"time":1,"server":"e","connection":1,"kind":"receive","preview":"zz"}}',
      'not json',
      '{"type":"packet","packet":{"id":1}}',
      '{"type":"capture","capture":{"state":"sniffing","reason":""}}',
      '{"type":"gap","gap":{"after":1,"time":"now","reason":"r"}}',
    ]) {
      assert.throws(() => decodeServerMessage(text), LabError, text);
    }
    const welcome = validMessage('server', 'welcome') as { lab: { views: unknown[] } };
    welcome.lab.views = ['packets', '<img src=x>'];
    assert.throws(() => decodeServerMessage(JSON.stringify(welcome)), /"views" holds view ids, got "<img src=x>"/);
  });

  it('holds a fault’s value within its kind’s bounds', () => {
    const status = (kind: string, value: unknown) =>
      JSON.stringify({ type: 'fault', fault: { kind, server: 'echo', available: true, value } });
    assert.deepEqual(decodeServerMessage(status('restart', 30)), {
      type: 'fault',
      fault: { kind: 'restart', server: 'echo', available: true, value: 30 },
    });
    assert.equal(decodeServerMessage(status('silence', 1)).type, 'fault');
    for (const [kind, value] of [
      ['loss', 101],
      ['loss', -5],
      ['loss', 1.5],
      ['silence', 2],
      ['restart', 31],
      ['restart', '5'],
      ['delay', 5],
    ] as const) {
      assert.throws(() => decodeServerMessage(status(kind, value)), LabError, `${kind} ${value}`);
    }
    assert.throws(
      () =>
        decodeServerMessage(
          JSON.stringify({ type: 'fault', fault: { kind: 'loss', server: 'e', available: true, percent: 5 } }),
        ),
      /"value" must be an integer from 0 to 100/,
    );
  });

  it('holds previews and payloads to the sizes the protocol promises (found by decode.fuzz.test.ts)', () => {
    const withPreview = (preview: string) => {
      const message = validMessage('server', 'event') as { event: Record<string, unknown> };
      message.event.preview = preview;
      return JSON.stringify(message);
    };
    assert.equal(decodeServerMessage(withPreview('ab'.repeat(EVENT_PREVIEW_BYTES))).type, 'event');
    assert.throws(() => decodeServerMessage(withPreview('ab'.repeat(EVENT_PREVIEW_BYTES + 1))), /"preview"/);
    const withPayload = (hex: string) => {
      const message = validMessage('server', 'packet') as { packet: { payload: Record<string, unknown> } };
      message.packet.payload = { hex, length: hex.length / 2, truncated: false };
      return JSON.stringify(message);
    };
    assert.equal(decodeServerMessage(withPayload('00'.repeat(PAYLOAD_HEX_LIMIT_BYTES))).type, 'packet');
    assert.throws(() => decodeServerMessage(withPayload('00'.repeat(PAYLOAD_HEX_LIMIT_BYTES + 1))), /"hex"/);
  });

  it('names an unknown type of any shape briefly, without a stack overflow (found by decode.fuzz.test.ts)', () => {
    for (const type of [
      '[]'.repeat(1),
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      JSON.stringify('x'.repeat(100_000)),
    ]) {
      assert.throws(
        () => decodeServerMessage(`{"type":${type}}`),
        (error: unknown) => {
          assert.ok(error instanceof LabError, `a LabError, not ${String(error)}`);
          assert.equal(error.code, 'LAB_ERR_MESSAGE_UNKNOWN_TYPE');
          assert.ok(error.message.length < 200, error.message.slice(0, 200));
          return true;
        },
      );
    }
    assert.throws(() => decodeServerMessage('{"type":"eval"}'), /Unknown message type "eval"/);
  });

  describe('TLS handshakes and certificate reports (protocol 6)', () => {
    type Json = Record<string, unknown>;
    const handshakeOf = (message: Json) => message.handshake as Json & { messages: Json[]; serverChain: Json };
    /** A `tls` message with `edit` applied to its handshake; its JSON text. */
    const tls = (edit: (handshake: ReturnType<typeof handshakeOf>) => void) => {
      const message = validMessage('server', 'tls');
      edit(handshakeOf(message));
      return JSON.stringify(message);
    };
    const report = (edit: (report: Json & { certificates: Json[]; steps: Json[] }) => void) => {
      const message = validMessage('server', 'certificate');
      edit(message.report as Json & { certificates: Json[]; steps: Json[] });
      return JSON.stringify(message);
    };

    it('decodes a welcome’s handshakes and PKI downloads, and a welcome without a PKI', () => {
      const decoded = decodeServerMessage(JSON.stringify(validMessage('server', 'welcome')));
      assert.ok(decoded.type === 'welcome');
      assert.equal(decoded.handshakes[0]?.messages[0]?.type, 'client_hello');
      assert.equal(decoded.handshakes[0]?.serverChain?.code, 'CERT_HAS_EXPIRED');
      assert.equal(decoded.pki?.pkcs12Password, 'socketlab-s1');
      const withoutPki = validMessage('server', 'welcome');
      delete withoutPki.pki;
      const bare = decodeServerMessage(JSON.stringify(withoutPki));
      assert.ok(bare.type === 'welcome' && bare.pki === undefined && !('pki' in bare));
      // Protocol 6 always sends the list, empty or not.
      const withoutHandshakes = validMessage('server', 'welcome');
      delete withoutHandshakes.handshakes;
      assert.throws(() => decodeServerMessage(JSON.stringify(withoutHandshakes)), /"handshakes" must be an array/);
    });

    it('decodes a tls message to the fields the contract names, and only those', () => {
      const decoded = decodeServerMessage(
        tls((h) => {
          h.extra = 'x';
          (h.messages[0] as Json).onclick = 'alert(1)';
          (h.serverChain.certificates as Json[])[0]!.html = '<b>';
        }),
      );
      assert.ok(decoded.type === 'tls');
      const { handshake } = decoded;
      assert.equal(handshake.alert?.from, 'to-server');
      assert.equal(handshake.messages.length, 8);
      assert.deepEqual(handshake.messages[3]?.namedGroup, { code: 29, name: 'x25519' });
      assert.equal(handshake.messages[5]?.keyExchange, 'ecdhe');
      assert.equal(handshake.clientChain?.certificates.length, 0);
      assert.equal('extra' in handshake, false);
      assert.equal('onclick' in (handshake.messages[0] ?? {}), false);
      assert.equal('html' in (handshake.serverChain?.certificates[0] ?? {}), false);
      // Absent optional fields stay absent, not undefined-valued keys.
      assert.equal('alpn' in (handshake.messages[1] ?? {}), false);
    });

    it('rejects a malformed handshake whole', () => {
      const cases: [string, (h: ReturnType<typeof handshakeOf>) => void][] = [
        ['a message type of its own', (h) => (h.messages[0]!.type = 'client_goodbye')],
        ['a direction of its own', (h) => (h.messages[0]!.direction = 'sideways')],
        ['a version TLS does not have', (h) => (h.version = 'TLS 1.4')],
        ['a random of 31 bytes', (h) => (h.messages[0]!.random = 'ab'.repeat(31))],
        ['a random in capitals', (h) => (h.messages[0]!.random = 'AB'.repeat(32))],
        ['a session id past 32 bytes', (h) => (h.messages[1]!.sessionId = 'ab'.repeat(33))],
        ['a suite past 16 bits', (h) => (h.messages[1]!.cipherSuite = { code: 0x10000, name: 'X' })],
        ['a suite without a name', (h) => (h.messages[1]!.cipherSuite = { code: 1, name: '' })],
        ['a certificate that is not hex', (h) => (h.messages[2]!.certificates = ['<img src=x>'])],
        ['a key exchange of its own', (h) => (h.messages[5]!.keyExchange = 'psk')],
        ['an alert level of its own', (h) => (h.alert = { level: 'loud', description: { code: 1, name: 'x' } })],
        ['an alert without its sender', (h) => (h.alert = { level: 'fatal', description: { code: 42, name: 'x' } })],
        ['a connection of -1', (h) => (h.connection = -1)],
        ['no server', (h) => delete h.server],
        ['complete as a string', (h) => (h.complete = 'yes')],
        ['messages as an object', (h) => (h.messages = {} as unknown as Json[])],
        ['a message that is a string', (h) => (h.messages[0] = 'ClientHello' as unknown as Json)],
      ];
      for (const [what, edit] of cases) assert.throws(() => decodeServerMessage(tls(edit)), LabError, what);
    });

    it('holds every list of a handshake to its bound', () => {
      const hello = (h: ReturnType<typeof handshakeOf>) => h.messages[0]!;
      const suite = { code: 0x1301, name: 'TLS_AES_128_GCM_SHA256' };
      const at = (max: number, edit: (n: number) => (h: ReturnType<typeof handshakeOf>) => void) => {
        assert.equal(decodeServerMessage(tls(edit(max))).type, 'tls', `${max} items`);
        assert.throws(() => decodeServerMessage(tls(edit(max + 1))), /holds at most/, `${max + 1} items`);
      };
      at(TLS_DECODE_LIMITS.cipherSuites, (n) => (h) => (hello(h).cipherSuites = Array(n).fill(suite)));
      at(TLS_DECODE_LIMITS.list, (n) => (h) => (hello(h).extensions = Array(n).fill(suite)));
      at(TLS_DECODE_LIMITS.messages, (n) => (h) => (h.messages = Array(n).fill(h.messages[7])));
      at(TLS_DECODE_LIMITS.certificates, (n) => (h) => (h.messages[2]!.certificates = Array(n).fill('3082')));
      const welcome = validMessage('server', 'welcome') as { handshakes: unknown[] };
      welcome.handshakes = Array(MAX_TLS_HANDSHAKES + 1).fill(welcome.handshakes[0]);
      assert.throws(() => decodeServerMessage(JSON.stringify(welcome)), /"handshakes" holds at most 32/);
    });

    it('decodes a certificate report and rejects one that does not hold together', () => {
      const decoded = decodeServerMessage(report(() => {}));
      assert.ok(decoded.type === 'certificate');
      assert.equal(decoded.report.certificates[0]?.basicConstraints?.ca, false);
      assert.equal(decoded.report.certificates[1]?.basicConstraints?.pathLength, 0);
      assert.equal(decoded.report.steps[1]?.state, 'failed');
      const cases: [string, (r: Json & { certificates: Json[]; steps: Json[] }) => void][] = [
        ['more sent than there are', (r) => (r.sent = 3)],
        ['a step about a certificate not in it', (r) => (r.steps[0]!.certificate = 2)],
        ['a step of its own kind', (r) => (r.steps[0]!.kind = 'vibes')],
        ['a step state of its own', (r) => (r.steps[0]!.state = 'maybe')],
        ['an error name with markup', (r) => (r.code = '<b>EXPIRED</b>')],
        ['a date that is no date', (r) => (r.certificates[0]!.notAfter = 'next Tuesday')],
        ['a serial in capitals', (r) => (r.certificates[0]!.serial = '3F2A')],
        ['a SHA-256 fingerprint of 31 bytes', (r) => (r.certificates[0]!.sha256Fingerprint = `${'AB:'.repeat(30)}AB`)],
        ['a lower-case SHA-1 fingerprint', (r) => (r.certificates[0]!.sha1Fingerprint = `${'ab:'.repeat(19)}ab`)],
        ['a PEM that is markup', (r) => (r.certificates[0]!.pem = '<script>alert(1)</script>')],
        [
          'two certificates in one PEM',
          (r) => (r.certificates[0]!.pem = `${r.certificates[0]!.pem}${r.certificates[0]!.pem}`),
        ],
        ['a public key without an algorithm', (r) => (r.certificates[0]!.publicKey = { bits: 256 })],
        ['a path length of -1', (r) => (r.certificates[1]!.basicConstraints = { ca: true, pathLength: -1 })],
        ['SANs that are not strings', (r) => (r.certificates[0]!.subjectAltNames = [1])],
        ['trusted as a string', (r) => (r.trusted = 'no')],
        ['17 certificates', (r) => (r.certificates = Array(17).fill(r.certificates[0]))],
        [
          'SANs past the bound',
          (r) => (r.certificates[0]!.subjectAltNames = Array(TLS_DECODE_LIMITS.names + 1).fill('DNS:a')),
        ],
      ];
      for (const [what, edit] of cases) assert.throws(() => decodeServerMessage(report(edit)), LabError, what);
    });

    it('keeps a subject that looks like markup as the text it is', () => {
      const subject = 'CN=<img src=x onerror=alert(1)>, O=socketlab class';
      const decoded = decodeServerMessage(report((r) => (r.certificates[0]!.subject = subject)));
      assert.ok(decoded.type === 'certificate');
      assert.equal(decoded.report.certificates[0]?.subject, subject);
    });

    it('reads the secure event', () => {
      const message = validMessage('server', 'event') as { event: Json };
      message.event.kind = 'secure';
      message.event.note = 'TLS 1.3 TLS_AES_256_GCM_SHA384 SNI localhost';
      const decoded = decodeServerMessage(JSON.stringify(message));
      assert.ok(decoded.type === 'event' && decoded.event.kind === 'secure');
    });
  });
});

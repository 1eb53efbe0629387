/**
 * Follow TCP Stream: each side's bytes in sequence order, a retransmission once, a segment that overtook
 * another put back in its place, overlaps trimmed, and what the page does not hold said as such; the text view
 * shows every byte visibly and nothing as markup; the hex view counts offsets in the stream.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from '../protocol';
import { followStream, type StreamPiece, streamHexRows, streamText } from './follow-stream';
import { TcpConversation } from './packet-fixtures';

const PORT = 20417;
const utf8 = new TextDecoder();
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Each piece as `client: text` or `server: [missing 5 not-held]`. */
function shown(pieces: readonly StreamPiece[]): string[] {
  return pieces.map((piece) =>
    piece.kind === 'data'
      ? `${piece.side}: ${utf8.decode(piece.bytes)}`
      : `${piece.side}: [missing ${piece.length} ${piece.reason}]`,
  );
}

function conversation(): TcpConversation {
  return new TcpConversation({ server: { host: '127.0.0.1', port: PORT } }).handshake();
}

describe('followStream', () => {
  it('puts the client’s and the server’s bytes in the order the conversation went', () => {
    const { packets } = conversation()
      .data('client', 'Hello,')
      .data('client', 'world!')
      .data('server', 'Hello,world!')
      .data('client', 'bye')
      .teardown();
    const stream = followStream(packets, PORT);
    assert.deepEqual(shown(stream.pieces), ['client: Hello,world!', 'server: Hello,world!', 'client: bye']);
    assert.deepEqual(stream.length, { client: 15, server: 12 });
    const first = stream.pieces[0]!;
    assert.ok(first.kind === 'data');
    assert.equal(first.packetIds.length, 2, 'two segments joined into one piece');
    assert.equal(first.offset, 0);
    assert.equal((stream.pieces[2] as { offset: number }).offset, 12);
  });

  it('shows a retransmission once', () => {
    const { packets } = conversation().data('client', 'Hello,world!', false).retransmit('client').send('server', 'ACK');
    const stream = followStream(packets, PORT);
    assert.deepEqual(shown(stream.pieces), ['client: Hello,world!']);
    assert.equal(stream.retransmitted, 1);
  });

  it('puts a segment that overtook another back in its place', () => {
    const { packets } = conversation()
      .data('client', 'one ', false)
      .data('client', 'two ', false)
      .data('client', 'three');
    // The capture saw "two " before "one ".
    const reordered = [...packets.slice(0, 3), packets[4]!, packets[3]!, ...packets.slice(5)];
    const stream = followStream(reordered, PORT);
    assert.deepEqual(shown(stream.pieces), ['client: one two three']);
    assert.equal(stream.reordered, 1);
  });

  it('trims a segment that overlaps bytes already delivered', () => {
    const { packets } = conversation().data('client', 'abcdef', false);
    const data = packets[3]!;
    // A resegmented retransmission: "defgh" from seq 4, three bytes old and two new.
    const overlap: Packet = {
      ...data,
      id: 99,
      tcp: { ...data.tcp!, seq: 4, len: 5, nextSeq: 9 },
      payload: { hex: Buffer.from('defgh').toString('hex'), length: 5, truncated: false },
    };
    assert.deepEqual(shown(followStream([...packets, overlap], PORT).pieces), ['client: abcdefgh']);
  });

  it('says what it does not hold: the rest of a long segment, and bytes before the first packet held', () => {
    const { packets } = conversation().data('client', 'Hello,world!').data('server', 'Hello,world!');
    const long = packets[3]!;
    const cut: Packet = { ...long, payload: { hex: long.payload.hex.slice(0, 10), length: 12, truncated: true } };
    assert.deepEqual(shown(followStream([...packets.slice(0, 3), cut, ...packets.slice(4)], PORT).pieces), [
      'client: Hello',
      'client: [missing 7 not-held]',
      'server: Hello,world!',
    ]);
    // The page no longer holds the handshake and the client's first segment.
    const later = conversation().data('client', 'first', false).data('client', 'second').packets.slice(4);
    assert.deepEqual(shown(followStream(later, PORT).pieces), ['client: [missing 5 before]', 'client: second']);
  });

  it('shows a gap no segment filled as lost, then what came after it', () => {
    const { packets } = conversation()
      .data('client', 'one ', false)
      .data('client', 'two ', false)
      .data('client', 'three');
    const withoutOne = packets.filter((_, index) => index !== 3);
    const stream = followStream(withoutOne, PORT);
    assert.deepEqual(shown(stream.pieces), ['client: [missing 4 lost]', 'client: two three']);
    assert.equal(stream.length.client, 13);
  });

  it('ignores packets without data and other connections’ directions alike', () => {
    const { packets } = conversation().teardown();
    assert.deepEqual(followStream(packets, PORT), {
      pieces: [],
      length: { client: 0, server: 0 },
      retransmitted: 0,
      reordered: 0,
    });
  });

  it('keeps every turn of a long conversation, and every segment of a long one-way burst in one piece', () => {
    const talk = conversation();
    for (let i = 0; i < 2000; i++) talk.data(i % 2 === 0 ? 'client' : 'server', `line ${i}\n`, false);
    assert.equal(followStream(talk.packets, PORT).pieces.length, 2000);
    const burst = conversation();
    for (let i = 0; i < 2000; i++) burst.data('client', 'x'.repeat(1000), false);
    const [piece] = followStream(burst.packets, PORT).pieces;
    assert.ok(piece?.kind === 'data');
    assert.equal(piece.bytes.length, 2_000_000);
    assert.equal(piece.packetIds.length, 2000);
  });
});

describe('streamText', () => {
  it('shows text as itself and every line break as \\n, carriage returns and tabs as escapes', () => {
    assert.deepEqual(streamText(bytes('GET / HTTP/1.1\r\nHost: x\r\n')), [
      { kind: 'text', text: 'GET / HTTP/1.1' },
      { kind: 'escape', text: '\\r' },
      { kind: 'newline', text: '\\n' },
      { kind: 'text', text: 'Host: x' },
      { kind: 'escape', text: '\\r' },
      { kind: 'newline', text: '\\n' },
    ]);
    assert.deepEqual(streamText(bytes('a\tb')), [
      { kind: 'text', text: 'a' },
      { kind: 'escape', text: '\\t' },
      { kind: 'text', text: 'b' },
    ]);
  });

  it('keeps UTF-8 text, and shows bytes that are not UTF-8 and control characters as escapes', () => {
    assert.deepEqual(streamText(bytes('你好, мир')), [{ kind: 'text', text: '你好, мир' }]);
    assert.deepEqual(streamText(Uint8Array.from([0x41, 0x00, 0x1b, 0xff, 0xc3, 0x28, 0x7f])), [
      { kind: 'text', text: 'A' },
      { kind: 'escape', text: '\\x00\\x1b\\xff\\xc3' },
      { kind: 'text', text: '(' },
      { kind: 'escape', text: '\\x7f' },
    ]);
    // An overlong "/" and a UTF-8-encoded surrogate are not text.
    assert.deepEqual(
      streamText(Uint8Array.from([0xc0, 0xaf, 0xed, 0xa0, 0x80])).map((run) => run.kind),
      ['escape'],
    );
    // A sequence cut at the end of the bytes.
    assert.deepEqual(streamText(Uint8Array.from([0xe4, 0xbd])), [{ kind: 'escape', text: '\\xe4\\xbd' }]);
  });

  it('shows C1 controls, bidi overrides and invisible characters as escapes', () => {
    assert.deepEqual(streamText(bytes('a\u009bb\u202ec\u2066d\u200be')), [
      { kind: 'text', text: 'a' },
      { kind: 'escape', text: '\\u009b' },
      { kind: 'text', text: 'b' },
      { kind: 'escape', text: '\\u202e' },
      { kind: 'text', text: 'c' },
      { kind: 'escape', text: '\\u2066' },
      { kind: 'text', text: 'd' },
      { kind: 'escape', text: '\\u200b' },
      { kind: 'text', text: 'e' },
    ]);
  });

  it('leaves markup as the characters it is made of', () => {
    assert.deepEqual(streamText(bytes('<img src=x onerror="alert(1)">')), [
      { kind: 'text', text: '<img src=x onerror="alert(1)">' },
    ]);
  });
});

describe('streamHexRows', () => {
  it('prints offsets in the stream, hex and the ASCII column', () => {
    const rows = streamHexRows(bytes('Hello,world!\nand more text'), 0x10);
    assert.deepEqual(rows, [
      '00000010  48 65 6c 6c 6f 2c 77 6f 72 6c 64 21 0a 61 6e 64  Hello,world!.and',
      '00000020  20 6d 6f 72 65 20 74 65 78 74                     more text',
    ]);
  });
});

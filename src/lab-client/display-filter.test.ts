/**
 * The display filter: every field it knows against real-shaped packets, Wireshark's rules for missing fields and
 * two-valued fields, the operators and their precedence, and bad input — each mistake a DisplayFilterError with
 * the position it names, never another exception.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet } from '../protocol';
import {
  compileDisplayFilter,
  DISPLAY_FILTER_FIELDS,
  type DisplayFilterError,
  parseDisplayFilter,
  suggestField,
} from './display-filter';
import { TcpConversation, udpPacket } from './packet-fixtures';

const SERVER = { host: '127.0.0.1', port: 20417 };

/** #1: handshake, "Hello,world!" and its echo, a retransmission, teardown. #2 from another port, over IPv6. */
function session(): Packet[] {
  const first = new TcpConversation({ connection: 1, client: { host: '127.0.0.1', port: 54122 }, server: SERVER })
    .handshake()
    .data('client', 'Hello,world!')
    .data('server', 'Hello,world!', false)
    .retransmit('server')
    .send('client', 'ACK')
    .teardown();
  const second = new TcpConversation({
    connection: 2,
    firstId: 100,
    client: { host: '::1', port: 54999 },
    server: { host: '::1', port: 20417 },
  }).handshake();
  const withIp = first.packets.map(
    (p): Packet => ({
      ...p,
      ip: { headerLength: 20, dscp: 0, ecn: 0, totalLength: p.length - 14, ttl: 64, protocol: 6, dontFragment: true },
    }),
  );
  const udp = udpPacket(200, 2e9, 'ping', { host: '127.0.0.1', port: 40000 }, { host: '127.0.0.1', port: 20418 });
  return [...withIp, ...second.packets, udp];
}

const PACKETS = session();

/** The ids of the packets a filter keeps. */
function kept(text: string, packets: readonly Packet[] = PACKETS): number[] {
  const filter = compileDisplayFilter(text);
  return packets.filter((p, i) => filter.test(p, { number: i + 1 })).map((p) => p.id);
}

const ids = (predicate: (p: Packet) => boolean): number[] => PACKETS.filter(predicate).map((p) => p.id);

/** The error a filter gives; fails when it compiles. */
function errorOf(text: string): DisplayFilterError {
  const result = parseDisplayFilter(text);
  assert.equal(result.ok, false, `"${text}" should not compile`);
  if (result.ok) throw new Error('unreachable');
  return result.error;
}

describe('display filter: fields', () => {
  it('filters on TCP flags, compared or alone', () => {
    assert.deepEqual(
      kept('tcp.flags.syn == 1'),
      ids((p) => p.tcp?.flagNames.includes('SYN') === true),
    );
    assert.deepEqual(
      kept('tcp.flags.fin == 1 && tcp.flags.ack == true'),
      ids((p) => p.tcp?.flagNames === 'FIN,ACK'),
    );
    assert.deepEqual(
      kept('tcp.flags.syn == 0'),
      ids((p) => p.tcp !== undefined && !p.tcp.flagNames.includes('SYN')),
    );
    assert.deepEqual(
      kept('tcp.flags == 0x012'),
      ids((p) => p.tcp?.flags === 0x12),
    );
    assert.deepEqual(kept('tcp.flags.push == 1').length, 3, 'the data, its echo and the echo again');
  });

  it('is true of every TCP packet for a flag field alone, as Wireshark is, and warns about it', () => {
    const filter = compileDisplayFilter('tcp.flags.fin');
    assert.deepEqual(
      PACKETS.filter((p) => filter.test(p)).map((p) => p.id),
      ids((p) => p.tcp !== undefined),
    );
    assert.equal(filter.warnings.length, 1);
    assert.match(filter.warnings[0]!.message.en, /tcp\.flags\.fin == 1/);
    assert.match(
      filter.warnings[0]!.message['zh-Hans'],
      /^和 Wireshark 一样，单写 tcp\.flags\.fin .*请写 tcp\.flags\.fin == 1。$/,
    );
    assert.equal(filter.warnings[0]!.position, 1);
    assert.deepEqual(compileDisplayFilter('tcp.flags.fin == 1').warnings, []);
  });

  it('compares lengths, ports, numbers and the session’s connection number', () => {
    assert.deepEqual(
      kept('tcp.len > 0'),
      ids((p) => (p.tcp?.len ?? 0) > 0),
    );
    assert.deepEqual(
      kept('tcp.port == 54122'),
      ids((p) => p.tcp !== undefined && (p.srcPort === 54122 || p.dstPort === 54122)),
    );
    assert.deepEqual(
      kept('tcp.srcport == 20417'),
      ids((p) => p.tcp !== undefined && p.srcPort === 20417),
    );
    assert.deepEqual(
      kept('tcp.dstport == 20417 and tcp.stream == 1'),
      ids((p) => p.tcp?.connection === 1 && p.dstPort === 20417),
    );
    assert.deepEqual(
      kept('tcp.stream == 2'),
      ids((p) => p.tcp?.connection === 2),
    );
    assert.deepEqual(
      kept('tcp.seq == 0'),
      ids((p) => p.tcp?.seq === 0),
    );
    assert.deepEqual(
      kept('tcp.ack >= 13'),
      ids((p) => (p.tcp?.ack ?? 0) >= 13),
    );
    assert.deepEqual(
      kept('tcp.window_size < 65536'),
      ids((p) => (p.tcp?.window ?? 1e9) < 65536),
    );
    assert.deepEqual(
      kept('frame.len <= 66'),
      ids((p) => p.length <= 66),
    );
    assert.deepEqual(kept('frame.number == 2'), [PACKETS[1]!.id]);
    assert.deepEqual(
      kept('tcp.options.mss_val == 65495'),
      ids((p) => p.tcp?.options.mss === 65495),
    );
    assert.deepEqual(
      kept('tcp.seq_raw == 3151234567'),
      ids((p) => p.tcp?.seqRaw === 3151234567),
    );
  });

  it('matches IPv4 and IPv6 addresses, one side or either, with a prefix', () => {
    const v4 = ids((p) => p.ipVersion === 4);
    assert.deepEqual(kept('ip.src == 127.0.0.1'), v4);
    assert.deepEqual(kept('ip.addr == 127.0.0.0/8'), v4);
    assert.deepEqual(kept('ip.addr == 10.0.0.0/8'), []);
    assert.deepEqual(kept('ip.dst != 127.0.0.1'), [], 'an IPv6 packet has no ip.dst: false either way');
    assert.deepEqual(
      kept('ipv6.addr == ::1'),
      ids((p) => p.ipVersion === 6),
    );
    assert.deepEqual(
      kept('ipv6.src == 0:0:0:0:0:0:0:1'),
      ids((p) => p.ipVersion === 6),
    );
    assert.deepEqual(kept('ipv6.addr == fe80::/10'), []);
    assert.deepEqual(kept('ip.src == "127.0.0.1"'), v4, 'a quoted address');
    assert.deepEqual(kept('ip'), v4);
    assert.deepEqual(
      kept('ipv6'),
      ids((p) => p.ipVersion === 6),
    );
  });

  it('reads IP header fields where the packet has them', () => {
    assert.deepEqual(
      kept('ip.ttl == 64'),
      ids((p) => p.ip?.ttl === 64),
    );
    assert.deepEqual(
      kept('ip.flags.df == 1'),
      ids((p) => p.ip?.dontFragment === true),
    );
    assert.deepEqual(kept('ip.ttl != 64'), [], 'packets without the field are left out of != too');
  });

  it('tells TCP from UDP, by protocol and by port', () => {
    assert.deepEqual(
      kept('udp'),
      ids((p) => p.protocol === 'udp'),
    );
    assert.deepEqual(
      kept('tcp'),
      ids((p) => p.protocol === 'tcp'),
    );
    assert.deepEqual(kept('udp.port == 20418'), [200]);
    assert.deepEqual(kept('tcp.port == 20418'), [], 'a UDP packet has no tcp.port');
    assert.deepEqual(kept('udp.length == 12'), [200]);
  });

  it('finds expert notes by their Wireshark names', () => {
    const retransmitted = ids((p) => p.expert.includes('retransmission'));
    assert.equal(retransmitted.length, 1);
    assert.deepEqual(kept('tcp.analysis.retransmission'), retransmitted);
    assert.deepEqual(kept('tcp.analysis.flags'), retransmitted);
    assert.deepEqual(kept('tcp.analysis.duplicate_ack'), []);
    assert.deepEqual(kept('tcp.analysis.zero_window or tcp.analysis.keep_alive'), []);
    assert.deepEqual(
      kept('!tcp.analysis.retransmission and tcp.len > 0').length,
      2,
      'the data and the first echo, not its retransmission',
    );
  });

  it('searches payloads for text and bytes, escapes included', () => {
    const hello = ids((p) => p.tcp !== undefined && p.payload.length > 0);
    assert.deepEqual(kept('tcp contains "Hello"'), hello);
    assert.deepEqual(kept('tcp.payload contains "world!"'), hello);
    assert.deepEqual(kept('frame contains 48:65:6c'), hello);
    assert.deepEqual(kept('tcp contains "hello"'), [], 'case matters, as in Wireshark');
    assert.deepEqual(kept('udp contains "ping"'), [200]);
    assert.deepEqual(kept('tcp.payload == "Hello,world!"'), hello);
    assert.deepEqual(kept('tcp.payload == "Hello"'), [], '== is the whole payload');
    assert.deepEqual(kept('data'), [...hello, 200]);
    const tab = { ...PACKETS[0]!, payload: { hex: '410942ff', length: 4, truncated: false } };
    assert.deepEqual(kept('tcp contains "A\\tB\\xff"', [tab]), [tab.id]);
    assert.deepEqual(kept('frame contains "\\""', [tab]), []);
  });

  it('knows every field it lists, and lists each once', () => {
    assert.equal(new Set(DISPLAY_FILTER_FIELDS).size, DISPLAY_FILTER_FIELDS.length);
    for (const field of DISPLAY_FILTER_FIELDS) {
      assert.doesNotThrow(() => compileDisplayFilter(field), field);
      for (const packet of PACKETS) assert.doesNotThrow(() => compileDisplayFilter(field).test(packet), field);
    }
  });
});

describe('display filter: operators', () => {
  it('is no filter at all when empty', () => {
    const filter = compileDisplayFilter('   ');
    assert.equal(filter.active, false);
    assert.deepEqual(
      kept(''),
      ids(() => true),
    );
  });

  it('has not before and before or, in words or symbols, and parentheses to say otherwise', () => {
    const syn = ids((p) => p.tcp?.flagNames === 'SYN');
    assert.deepEqual(kept('tcp.flags.syn == 1 and tcp.flags.ack == 0'), syn);
    assert.deepEqual(kept('tcp.flags.syn == 1 && !(tcp.flags.ack == 1)'), syn);
    assert.deepEqual(kept('not tcp.flags.ack == 1 and tcp'), syn);
    // udp or (tcp.stream == 2 and tcp.flags.syn == 1): the #2 SYN and SYN-ACK, and the datagram.
    const mixed = kept('udp or tcp.stream == 2 and tcp.flags.syn == 1');
    assert.deepEqual(
      mixed,
      ids((p) => p.protocol === 'udp' || (p.tcp?.connection === 2 && p.tcp.flagNames.includes('SYN'))),
    );
    assert.deepEqual(
      kept('(udp or tcp.stream == 2) and frame.len > 0'),
      ids((p) => p.protocol === 'udp' || p.tcp?.connection === 2),
    );
    assert.deepEqual(
      kept('tcp.stream == 1 || tcp.stream == 2'),
      ids((p) => p.tcp !== undefined),
    );
    assert.deepEqual(
      kept('tcp.stream == 1 xor tcp.flags.syn == 1'),
      ids((p) => (p.tcp?.connection === 1) !== (p.tcp?.flagNames.includes('SYN') === true)),
    );
    assert.deepEqual(kept('not not udp'), [200]);
    assert.deepEqual(kept('TCP.STREAM == 2'.toLowerCase()), kept('tcp.stream eq 2'));
  });

  it('warns when and and or mix without parentheses, and not when they do not', () => {
    assert.equal(compileDisplayFilter('udp or tcp and tcp.len > 0').warnings.length, 1);
    assert.equal(compileDisplayFilter('tcp and tcp.len > 0 || udp').warnings[0]?.position, 21);
    assert.deepEqual(compileDisplayFilter('udp or (tcp and tcp.len > 0)').warnings, []);
    assert.deepEqual(compileDisplayFilter('udp or tcp or ip').warnings, []);
  });

  it('reads != on a two-valued field as "neither", and === / !== as "both" / "either differs"', () => {
    // ip.addr != 127.0.0.1 leaves out every packet to or from it, as Wireshark 3.6+ does.
    assert.deepEqual(kept('ip.addr != 127.0.0.1'), []);
    assert.deepEqual(kept('tcp.port != 54122 and tcp.stream == 1'), []);
    assert.deepEqual(
      kept('tcp.port !== 54122 and tcp.stream == 1'),
      ids((p) => p.tcp?.connection === 1),
    );
    assert.deepEqual(
      kept('ip.addr === 127.0.0.1'),
      ids((p) => p.ipVersion === 4),
    );
    assert.deepEqual(kept('tcp.port === 54122'), []);
  });

  it('spells the comparisons as Wireshark does, with or without spaces', () => {
    assert.deepEqual(kept('tcp.len>0'), kept('tcp.len gt 0'));
    assert.deepEqual(kept('tcp.len<=0'), kept('tcp.len le 0'));
    assert.deepEqual(kept('tcp.len>=1'), kept('tcp.len ge 1'));
    assert.deepEqual(kept('tcp.len<1'), kept('tcp.len lt 1'));
    assert.deepEqual(kept('tcp.len!=0'), kept('tcp.len ne 0'));
    assert.deepEqual(
      kept('tcp.flags.syn==1&&tcp.flags.ack==1'),
      ids((p) => p.tcp?.flagNames === 'SYN,ACK'),
    );
  });
});

describe('display filter: bad input', () => {
  it('names an unknown field and suggests the one meant', () => {
    const error = errorOf('tcp.flgs');
    assert.equal(error.message, 'Unknown field "tcp.flgs" at 1 — did you mean tcp.flags?');
    assert.equal(error.code, 'unknown-field');
    assert.equal(error.position, 1);
    assert.equal(error.length, 8);
    assert.equal(
      errorOf('tcp.len > 0 and tcp.flgs.syn == 1').message,
      'Unknown field "tcp.flgs.syn" at 17 — did you mean tcp.flags.syn?',
    );
    assert.equal(suggestField('syn'), 'tcp.flags.syn');
    assert.equal(suggestField('tcp.flags.rst'), 'tcp.flags.reset');
    assert.equal(suggestField('ip.address'), 'ip.addr');
    assert.equal(suggestField('tcp.analysis.retrans'), 'tcp.analysis.retransmission');
    assert.equal(suggestField('TCP.Port'), 'tcp.port');
    assert.equal(suggestField('http.request'), undefined);
    assert.equal(errorOf('http').suggestion, undefined);
    assert.equal(errorOf('http').message, 'Unknown field "http" at 1');
  });

  it('says a value is missing after an operator, where the operator is', () => {
    const error = errorOf('tcp.flags.syn==');
    assert.equal(error.message, 'Expected a value after "==" at 14');
    assert.equal(error.code, 'expected-value');
    assert.equal(errorOf('tcp.port == )').code, 'expected-value');
    assert.equal(errorOf('tcp contains').message, 'Expected a quoted text or bytes (48:65:6c) after "contains" at 5');
  });

  it('refuses values of the wrong kind or size for the field', () => {
    assert.equal(
      errorOf('tcp.port == http').message,
      '"http" is not a whole number (20417, 0x12), which tcp.port takes at 13',
    );
    assert.equal(errorOf('tcp.port == 70000').message, '70000 is too big for tcp.port, at most 65535 at 13');
    assert.equal(errorOf('tcp.port == -1').code, 'bad-value');
    assert.equal(errorOf('tcp.len == 1.5').code, 'bad-value');
    assert.equal(errorOf('ip.src == 300.1.1.1').code, 'bad-value');
    assert.equal(errorOf('ip.src == 127.0.0.1/33').code, 'bad-value');
    assert.equal(errorOf('ip.src == 127.00.0.1').code, 'bad-value');
    assert.equal(errorOf('ip.src == ::1').code, 'bad-value');
    assert.equal(errorOf('ipv6.addr == 1::2::3').code, 'bad-value');
    assert.equal(errorOf('ipv6.addr == 1:2:3:4:5:6:7:8:9').code, 'bad-value');
    assert.equal(errorOf('tcp.flags.syn == 2').code, 'bad-value');
    assert.equal(errorOf('frame contains 4').code, 'bad-value');
  });

  it('refuses comparisons a field cannot make', () => {
    assert.equal(errorOf('tcp == 1').message, 'tcp is a protocol: use it alone, or with contains "text" at 5');
    assert.equal(errorOf('tcp.analysis.retransmission == 1').code, 'not-comparable');
    assert.equal(errorOf('ip.addr > 127.0.0.1').code, 'not-comparable');
    assert.equal(errorOf('tcp.port contains "1"').code, 'not-comparable');
    assert.equal(errorOf('ip contains "x"').code, 'not-comparable');
  });

  it('points at stray, missing and unknown syntax', () => {
    assert.equal(errorOf('(tcp').message, 'Expected ")" to close the "(" at 1, found the end at 5');
    assert.equal(errorOf('tcp)').message, 'A ")" without its "(" at 4');
    assert.equal(errorOf(')').code, 'unbalanced-parenthesis');
    assert.equal(errorOf('tcp and').message, 'Expected a field, "(" or "not" after "and", found the end at 8');
    assert.equal(errorOf('and tcp').position, 1);
    assert.equal(errorOf('tcp udp').message, 'Expected "and", "or" or the end after "tcp", found "udp" at 5');
    assert.equal(errorOf('tcp.port = 1').message, 'A single "=" compares nothing: write "==" at 10');
    assert.equal(errorOf('tcp.port in {1 2}').code, 'unsupported');
    assert.equal(errorOf('tcp matches "a.*"').code, 'unsupported');
    assert.equal(errorOf('tcp ~ "a"').code, 'unsupported');
    assert.equal(errorOf('tcp.port == 1 $').message, 'Unexpected character "$" at 15');
    assert.equal(errorOf('tcp contains "abc').message, 'A string without its closing quote at 14');
    assert.equal(errorOf('tcp contains "a\\qb"').code, 'bad-escape');
    assert.equal(
      errorOf('127.0.0.1').message,
      '"127.0.0.1" is an address, not a field: compare a field with it, as in ip.addr == 127.0.0.1 at 1',
    );
    assert.equal(errorOf('20417').code, 'expected-field');
    assert.equal(errorOf('constructor').code, 'unknown-field', 'no prototype keys for fields');
    assert.equal(errorOf('tcp.port constructor 1').code, 'expected-operator');
    assert.equal(errorOf('tcp contains "\\').code, 'unterminated-string');
  });

  it('says what is wrong in Chinese too, with Wireshark’s words kept as they are', () => {
    const zh = (text: string): string => errorOf(text).text['zh-Hans'];
    assert.equal(zh('tcp.flgs'), '未知字段 "tcp.flgs"（位置 1）——你是不是想写 tcp.flags？');
    assert.equal(zh('tcp.port == http'), 'tcp.port 要的是整数（20417、0x12），"http" 不是（位置 13）');
    assert.equal(zh('tcp and'), '"and" 之后应该是一个字段、"(" 或 "not"，这里却是 结尾（位置 8）');
    assert.equal(zh('(tcp'), '位置 1 的 "(" 缺少配对的 ")"，这里却是 结尾（位置 5）');
    assert.equal(zh('tcp.port = 1'), '单个 "=" 不做比较：请写 "=="（位置 10）');
    assert.equal(zh('tcp contains "abc'), '字符串缺少结尾的引号（位置 14）');
    assert.equal(
      zh('tcp contains "a\\qb"'),
      '字符串里有未知的转义 "\\q"（可用 \\"、\\\\、\\n、\\r、\\t 或 \\xNN）（位置 16）',
    );
    assert.equal(errorOf('tcp.flgs').text.en, errorOf('tcp.flgs').message, 'the message is the English text');
  });

  it('counts positions in the text as typed, emoji and all', () => {
    const error = errorOf('tcp contains "😀" and §');
    assert.equal(error.position, 23, 'the emoji is two UTF-16 code units, as the text box counts');
    assert.equal(error.message, 'Unexpected character "§" at 23');
  });

  it('never throws anything but a DisplayFilterError, whatever the text', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = [
      'tcp',
      'udp',
      'ip.addr',
      'tcp.port',
      'tcp.flags.syn',
      'tcp.analysis.flags',
      'frame',
      '==',
      '!=',
      '>',
      '<=',
      '===',
      '!==',
      'and',
      'or',
      'not',
      'xor',
      '!',
      '&&',
      '||',
      '(',
      ')',
      'contains',
      '"x"',
      '"\\x41"',
      '"',
      '1',
      '0x12',
      '127.0.0.1',
      '::1',
      '10.0.0.0/8',
      '48:65',
      '-',
      '=',
      '~',
      '{',
      '\\',
      '\u0000',
      '😀',
    ];
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: random(8) }, () => pieces[random(pieces.length)]).join(random(2) ? ' ' : '');
      const result = parseDisplayFilter(text);
      if (result.ok) {
        for (const packet of PACKETS) assert.equal(typeof result.filter.test(packet, { number: 1 }), 'boolean', text);
      } else {
        assert.ok(
          result.error.position >= 1 && result.error.position <= text.length + 1,
          `${text}: ${result.error.message}`,
        );
      }
    }
  });
});

/** Tests of how packets read on the page: times, endpoints, expert badges, flag bits and payload notes. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TcpConversation } from './packet-fixtures';
import {
  expertBadges,
  flagBitRows,
  formatFlagsHex,
  formatPacketTime,
  packetDestination,
  packetSource,
  payloadPreview,
  truncationNote,
  worstSeverity,
} from './packet-format';

describe('packet format', () => {
  it('prints times relative to the first packet with six decimals, never -0', () => {
    assert.equal(formatPacketTime(1_760_000_000.123456, 1_760_000_000.123456), '0.000000');
    assert.equal(formatPacketTime(1_760_000_001.5, 1_760_000_000), '1.500000');
    assert.equal(formatPacketTime(1_760_000_000 - 1e-9, 1_760_000_000), '0.000000');
    assert.equal(formatPacketTime(5, undefined), '0.000000');
  });

  it('writes endpoints as host:port, IPv6 in brackets', () => {
    const [syn] = new TcpConversation({
      client: { host: '::1', port: 5000 },
      server: { host: '::1', port: 7 },
    }).handshake().packets;
    assert.equal(packetSource(syn!), '[::1]:5000');
    assert.equal(packetDestination(syn!), '[::1]:7');
  });

  it('turns expert flags into badges, the unknown ones under their own name', () => {
    assert.deepEqual(
      expertBadges(['retransmission', 'duplicate-ack', 'zero-window', 'keep-alive', 'rst', 'new-thing']).map(
        (b) => `${b.label}/${b.severity}`,
      ),
      ['retransmission/bad', 'dup ACK/bad', 'zero window/bad', 'keep-alive/note', 'RST/rst', 'new-thing/note'],
    );
    assert.equal(worstSeverity([]), undefined);
    assert.equal(worstSeverity(['window-update']), 'note');
    assert.equal(worstSeverity(['window-update', 'retransmission']), 'bad');
    assert.equal(worstSeverity(['retransmission', 'rst']), 'rst');
    // A name that is also a property of every object is not a known flag.
    assert.equal(expertBadges(['constructor'])[0]?.label, 'constructor');
  });

  it('keeps Wireshark’s names on the badges in Chinese and explains them in Chinese', () => {
    const [dup, unknown] = expertBadges(['duplicate-ack', 'new-thing']);
    assert.equal(dup?.label, 'dup ACK');
    assert.equal(dup?.explanation['zh-Hans'], '接收方又一次确认了同一个字节：它还在等一个缺失的报文段。');
    assert.deepEqual(unknown?.explanation, { en: 'Expert note: new-thing.', 'zh-Hans': '专家信息：new-thing。' });
  });

  it("draws the flag bits as Wireshark's detail pane does", () => {
    const rows = flagBitRows(0x018);
    assert.equal(formatFlagsHex(0x018), '0x018');
    assert.equal(rows.length, 10);
    assert.deepEqual(rows[0], { bits: '000. .... ....', name: 'Reserved', set: false });
    assert.deepEqual(
      rows.filter((row) => row.set).map((row) => `${row.bits} ${row.name}`),
      ['.... ...1 .... Acknowledgment (ACK)', '.... .... 1... Push (PSH)'],
    );
    assert.equal(rows[9]?.bits, '.... .... ...0');
  });

  it('quotes the payload for the info column and notes truncation', () => {
    const packets = new TcpConversation().handshake().data('client', '<img src=x onerror=alert(1)>\n').packets;
    const data = packets[3]!;
    assert.equal(payloadPreview(data), '"<img src=x onerror=alert(1)>\\n"');
    assert.equal(payloadPreview(packets[0]!), undefined);
    assert.equal(truncationNote(data), undefined);
    const cut = { payload: { hex: 'aabb', length: 65483, truncated: true } };
    assert.deepEqual(truncationNote(cut), {
      en: '(truncated: 2 of 65483 bytes)',
      'zh-Hans': '（已截断：显示 65483 字节中的 2 字节）',
    });
    assert.equal(payloadPreview(cut), '"\\xaa\\xbb"...');
  });
});

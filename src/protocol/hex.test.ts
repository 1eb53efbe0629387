/**
 * Byte views: hex both ways, the ASCII column, strace-style quoting and the hex dump.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToAscii, bytesToHex, hexDump, hexToBytes, quoteBytes } from './hex';

const hello = new TextEncoder().encode('Hello,world!');

describe('hex', () => {
  it('round-trips bytes through hex, with or without separators', () => {
    assert.equal(bytesToHex(hello), '48656c6c6f2c776f726c6421');
    assert.deepEqual(hexToBytes('48 65 6C 6c:6f'), new Uint8Array([0x48, 0x65, 0x6c, 0x6c, 0x6f]));
    assert.deepEqual(hexToBytes(bytesToHex(hello)), hello);
  });

  it('refuses odd lengths and non-hex characters', () => {
    assert.equal(hexToBytes('486'), undefined);
    assert.equal(hexToBytes('zz'), undefined);
  });

  it('shows unprintable bytes as dots or escapes, never raw', () => {
    const bytes = new Uint8Array([0x3c, 0x62, 0x3e, 0x00, 0x1b, 0x0a, 0xff]);
    assert.equal(bytesToAscii(bytes), '<b>....');
    assert.equal(quoteBytes(bytes), '"<b>\\x00\\x1b\\n\\xff"');
  });

  it('dumps 16 bytes a row with offsets', () => {
    const rows = hexDump(new Uint8Array(20).fill(0x41));
    assert.equal(rows.length, 2);
    assert.equal(rows[0], `0000  ${'41 '.repeat(15)}41  AAAAAAAAAAAAAAAA`);
    assert.match(rows[1]!, /^0010 {2}41 41 41 41 {38}AAAA$/);
  });
});

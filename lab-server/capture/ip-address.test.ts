/**
 * Address keys: one key per address however it is written or wherever it comes from (text from Node or
 * tshark, bytes from a frame), and no key for what is not an address.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANY_IPV4, ANY_IPV6, addressKey, ipv4KeyAt, ipv6KeyAt, unmapIpv4 } from './ip-address';

describe('address keys', () => {
  it('give every spelling of an IPv6 address the key of its bytes', () => {
    const loopback = ipv6KeyAt(Buffer.from([...Array(15).fill(0), 1]), 0);
    assert.equal(loopback, `6/${'0'.repeat(31)}1`);
    for (const text of ['::1', '0:0:0:0:0:0:0:1', '0::1', '0000:0000::0001', '::0.0.0.1']) {
      assert.equal(addressKey(text), loopback, text);
    }
    assert.equal(addressKey('FE80::A%lo'), `6/fe80${'0'.repeat(24)}000a`);
    assert.equal(addressKey('1:2:3:4:5:6:7::'), '6/00010002000300040005000600070000');
    assert.equal(addressKey('::'), ANY_IPV6);
  });

  it('read IPv4 from text and from bytes alike', () => {
    assert.equal(addressKey('127.0.0.1'), '4/127.0.0.1');
    assert.equal(ipv4KeyAt(Buffer.from([0, 192, 168, 1, 5]), 1), '4/192.168.1.5');
    assert.equal(addressKey('0.0.0.0'), ANY_IPV4);
  });

  it('unmap IPv4-mapped IPv6 only when asked', () => {
    const mapped = addressKey('::ffff:127.0.0.1');
    assert.equal(mapped, `6/${'0'.repeat(20)}ffff7f000001`);
    assert.equal(unmapIpv4(mapped!), '4/127.0.0.1');
    assert.equal(unmapIpv4(addressKey('::1')!), addressKey('::1'));
    assert.equal(unmapIpv4('4/10.0.0.1'), '4/10.0.0.1');
  });

  it('give no key for names, garbage or malformed addresses', () => {
    for (const text of [
      '',
      'localhost',
      '127.0.0',
      '127.0.0.1.2',
      '127.0.0.01',
      '256.0.0.1',
      ':',
      ':::',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '::12345',
      '::1.2.3',
      '1.2.3.4::',
      '::1.2.3.4:5',
      'g::1',
      '%lo',
      '[::1]',
    ]) {
      assert.equal(addressKey(text), undefined, JSON.stringify(text));
    }
  });
});

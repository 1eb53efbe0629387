/**
 * The lenient readers of students' answers, with good input in the forms people type and bad input of every
 * kind: they find the number, the flags or the side when there is one, and say "nothing" otherwise.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFlags, parseNumber, parseNumbers, parseSide, sameFlags } from './answer-parsing';

describe('parseNumber', () => {
  it('reads plain, grouped and hex numbers', () => {
    assert.equal(parseNumber('2864539821'), 2864539821);
    assert.equal(parseNumber('  13\n'), 13);
    assert.equal(parseNumber('2,864,539,821'), 2864539821);
    assert.equal(parseNumber('2 864 539 821'), 2864539821);
    assert.equal(parseNumber('2_864_539_821'), 2864539821);
    assert.equal(parseNumber("2'864'539'821"), 2864539821);
    assert.equal(parseNumber('0xAABBCCDD'), 0xaabbccdd);
  });

  it('takes the first number of a sentence', () => {
    assert.equal(parseNumber('1, because the SYN uses one sequence number'), 1);
    assert.equal(parseNumber('Ack=13'), 13);
    assert.equal(parseNumber('65,495 bytes'), 65495);
    assert.deepEqual(parseNumbers('Seq=0, raw 2864539821'), [0, 2864539821]);
  });

  it('finds nothing where there is no number', () => {
    for (const answer of ['', '   ', 'thirteen', 'x', '∞', '１３'])
      assert.equal(parseNumber(answer), undefined, answer);
  });

  it('drops numbers too large to be exact', () => {
    assert.equal(parseNumber('99999999999999999999999'), undefined);
  });
});

describe('parseFlags', () => {
  it('reads flag sets in any spelling and order', () => {
    const rstAck = new Set(['RST', 'ACK']);
    for (const answer of ['RST,ACK', 'rst ack', '[RST, ACK]', 'ACK and RST', 'reset + acknowledgement', 'RSTACK']) {
      const flags = parseFlags(answer);
      assert.ok(flags !== undefined && sameFlags(flags, rstAck), answer);
    }
    assert.deepEqual(parseFlags('SYN-ACK'), new Set(['SYN', 'ACK']));
    assert.deepEqual(parseFlags('FIN, PSH, ACK'), new Set(['FIN', 'PSH', 'ACK']));
  });

  it('finds nothing without a flag name', () => {
    for (const answer of ['', 'no idea', '12', 'RSTX']) assert.equal(parseFlags(answer), undefined, answer);
  });
});

describe('parseSide', () => {
  it('reads the client, the server or both', () => {
    assert.equal(parseSide('client'), 'client');
    assert.equal(parseSide('The Client.'), 'client');
    assert.equal(parseSide('me'), 'client');
    assert.equal(parseSide('the echo server'), 'server');
    assert.equal(parseSide('both'), 'both');
  });

  it('finds nothing when the answer names neither side, or both sides without saying both', () => {
    assert.equal(parseSide(''), undefined);
    assert.equal(parseSide('whoever'), undefined);
    assert.equal(parseSide('client or server'), undefined);
  });
});

/**
 * The readers of students' answers, as two tables per reader: answers it must accept, with the value it reads,
 * in the forms people write them (English and Chinese, digits and words, with or without a reason); and
 * answers it must refuse, each with the reason it gives — nothing of the kind found, or a hedge between answers.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Localized } from '../../src/common/localized';
import {
  gradedPart,
  HEDGES,
  type Reading,
  readFlags,
  readNumber,
  readSide,
  sameFlags,
  saysNone,
} from './answer-parsing';

/** `undefined` stands for "nothing of the kind found"; a text for the hedge message the reader must give. */
type Refusal = Localized | undefined;

function assertAccepts<T>(reading: Reading<T>, expected: T, answer: string): void {
  assert.equal(reading.kind, 'answer', `${JSON.stringify(answer)} was refused: ${JSON.stringify(reading)}`);
  if (reading.kind === 'answer') assert.deepEqual(reading.value, expected, JSON.stringify(answer));
}

function assertRefuses<T>(reading: Reading<T>, why: Refusal, answer: string): void {
  assert.equal(reading.kind, 'unread', `${JSON.stringify(answer)} was accepted: ${JSON.stringify(reading)}`);
  if (reading.kind === 'unread') assert.equal(reading.why, why, JSON.stringify(answer));
}

/** The two tables of one reader: each accepted answer with the value read, each refused one with its reason. */
function itReadsTables<T>(
  read: (answer: string) => Reading<T>,
  accepts: readonly (readonly [string, T])[],
  refuses: readonly (readonly [string, Refusal])[],
): void {
  it('accepts the right answer in the forms people write it', () => {
    for (const [answer, value] of accepts) assertAccepts(read(answer), value, answer);
  });

  it('refuses answers with nothing of the kind, and hedges', () => {
    for (const [answer, why] of refuses) assertRefuses(read(answer), why, answer);
  });
}

describe('readNumber', () => {
  const accepts: [string, number][] = [
    ['3', 3],
    [' 3 ', 3],
    ['  13\n', 13],
    ['3 packets', 3],
    ['3 packets.', 3],
    ['three', 3],
    ['Three', 3],
    ['three packets', 3],
    ['thirteen', 13],
    ['twenty-one', 21],
    ['twenty one', 21],
    ['one hundred and five', 105],
    ['sixty-five thousand four hundred ninety-five', 65495],
    ['zero', 0],
    ['三', 3],
    ['三个', 3],
    ['三个包', 3],
    ['一共3个包', 3],
    ['十三', 13],
    ['一十三', 13],
    ['二十', 20],
    ['一百零五', 105],
    ['六万五千四百九十五', 65495],
    ['零', 0],
    ['３', 3],
    ['１３', 13],
    ['2864539821', 2864539821],
    ['2,864,539,821', 2864539821],
    ['2 864 539 821', 2864539821],
    ['2_864_539_821', 2864539821],
    ["2'864'539'821", 2864539821],
    ['65,495 bytes', 65495],
    ['Ack=13', 13],
    ['Seq=2864539821', 2864539821],
    ['1, because the SYN uses one sequence number', 1],
    ['1 because SYN counts as 1 and the ISN was 0', 1],
    ['13 (12 bytes + 1)', 13],
    ['13 — 12 bytes, plus the SYN', 13],
    ['because the SYN takes one sequence number, so 1', 1],
    ['因为 SYN 占一个序号，所以是1', 1],
    ['因为 SYN 占一个序号，所以是一', 1],
    ['13，因为 12 个字节加上 SYN', 13],
    ['13 因为 SYN 占一个序号', 13],
    ['I think 3', 3],
    ['I think it is 3', 3],
    ["I'd say 3", 3],
    ['3, I think', 3],
    ['the answer is 3', 3],
    ['我认为是3', 3],
    ['我觉得是三个', 3],
    ['应该是3个', 3],
    ['3 packets (3)', 3],
    ['three (3)', 3],
    ['-1', -1],
    ['3 个包', 3],
    ['共 3 个', 3],
    ['答案是 13', 13],
    ['是十四', 14],
    ['一', 1],
    ['３个', 3],
    ['六万五千四百九十五字节', 65495],
    ['13，因为 SYN 占了一个序号', 13],
  ];
  const refuses: [string, Refusal][] = [
    ['', undefined],
    ['   ', undefined],
    ['III', undefined],
    ['x', undefined],
    ['∞', undefined],
    ['none', undefined],
    ['someone', undefined],
    ['3 or 4', HEDGES.alternatives],
    ['3 or three', HEDGES.alternatives],
    ['either 3 or 4', HEDGES.alternatives],
    ['3或4', HEDGES.alternatives],
    ['三或者四', HEDGES.alternatives],
    ['3/4', HEDGES.severalNumbers],
    ['3-4', HEDGES.severalNumbers],
    ['3 - 4', HEDGES.severalNumbers],
    ['3, 4', HEDGES.severalNumbers],
    ['3,4', HEDGES.severalNumbers],
    ['3 and 4', HEDGES.severalNumbers],
    ['three and four', HEDGES.severalNumbers],
    ['Seq=0, raw 2864539821', HEDGES.severalNumbers],
    ['13: 12 bytes + 1', HEDGES.severalNumbers],
    ['三四', HEDGES.severalNumbers],
    ['maybe 3', HEDGES.uncertain],
    ['probably 3', HEDGES.uncertain],
    ['perhaps three', HEDGES.uncertain],
    ['I guess 3', HEDGES.uncertain],
    ['3?', HEDGES.uncertain],
    ['3？', HEDGES.uncertain],
    ['not sure, 3', HEDGES.uncertain],
    ['可能是3', HEDGES.uncertain],
    ['大概三个', HEDGES.uncertain],
    ['not 3', HEDGES.negation],
    ["isn't 4", HEDGES.negation],
    ['不是3', HEDGES.negation],
    ['about 3', HEDGES.approximate],
    ['around 3', HEDGES.approximate],
    ['~3', HEDGES.approximate],
    ['at least 3', HEDGES.approximate],
    ['3 or so', HEDGES.alternatives],
    ['约3个', HEDGES.approximate],
    ['3个左右', HEDGES.approximate],
    ['3 或 4', HEDGES.alternatives],
    ['三个或四个', HEDGES.alternatives],
    ['3 还是 4', HEDGES.alternatives],
    ['要么 3 要么 4', HEDGES.alternatives],
    ['大概 3', HEDGES.uncertain],
    ['3 吧', HEDGES.uncertain],
    ['是 3 吗', HEDGES.uncertain],
    ['好像是 3', HEDGES.uncertain],
    ['估计 3 个', HEDGES.uncertain],
    ['不是 3', HEDGES.negation],
    ['不是四个', HEDGES.negation],
    ['十几个', HEDGES.approximate],
    ['三个多', HEDGES.approximate],
    ['差不多 3 个', HEDGES.approximate],
    ['超过 3 个', HEDGES.approximate],
    ['两三个', HEDGES.severalNumbers],
    ['三到四个', HEDGES.severalNumbers],
    ['3、4', HEDGES.severalNumbers],
  ];

  itReadsTables((answer) => readNumber(answer), accepts, refuses);

  it('reads hex only where the question allows it', () => {
    assertAccepts(readNumber('0xAABBCCDD', { hex: true }), 0xaabbccdd, '0xAABBCCDD');
    assertAccepts(readNumber('0x3cc24833 (1019365427)', { hex: true }), 0x3cc24833, 'hex then decimal');
    assertAccepts(readNumber('0x3cc24833 = 1019365427', { hex: true }), 0x3cc24833, 'the same number twice');
    assertRefuses(readNumber('0x3'), HEDGES.decimalOnly, '0x3');
    assertRefuses(readNumber('0x', { hex: true }), undefined, '0x');
  });

  it('reads a number too large to be exact as a number, so it is judged wrong rather than unread', () => {
    const reading = readNumber('99999999999999999999999');
    assert.equal(reading.kind, 'answer');
  });
});

describe('readFlags', () => {
  const synAck = new Set(['SYN', 'ACK']);
  const rstAck = new Set(['RST', 'ACK']);
  const accepts: [string, Set<string>][] = [
    ['SYN-ACK', synAck],
    ['SYN,ACK', synAck],
    ['syn ack', synAck],
    ['SYN/ACK', synAck],
    ['SYNACK', synAck],
    ['[SYN, ACK]', synAck],
    ['RST,ACK', rstAck],
    ['rst ack', rstAck],
    ['[RST, ACK]', rstAck],
    ['ACK and RST', rstAck],
    ['reset + acknowledgement', rstAck],
    ['RSTACK', rstAck],
    ['rst-ack', rstAck],
    ['RST和ACK', rstAck],
    ['复位和确认', rstAck],
    ['RST、ACK', rstAck],
    ['RST 和 ACK', rstAck],
    ['复位、确认', rstAck],
    ['同步和确认', synAck],
    ['是 RST 和 ACK', rstAck],
    ['I think RST, ACK', rstAck],
    ['RST, ACK (not SYN: nothing listens)', rstAck],
    ['RST, ACK because it answers the SYN', rstAck],
    ['FIN, PSH, ACK', new Set(['FIN', 'PSH', 'ACK'])],
    ['RST', new Set(['RST'])],
  ];
  const refuses: [string, Refusal][] = [
    ['', undefined],
    ['no idea', HEDGES.uncertain],
    ['12', undefined],
    ['RSTX', undefined],
    ['RST or RST, ACK', HEDGES.alternatives],
    ['RST, maybe ACK', HEDGES.uncertain],
    ['RST, ACK?', HEDGES.uncertain],
    ['not SYN', HEDGES.negation],
    ['RST或ACK', HEDGES.alternatives],
    ['RST 或 RST、ACK', HEDGES.alternatives],
    ['可能是 RST', HEDGES.uncertain],
    ['RST 吧', HEDGES.uncertain],
    ['不是 SYN', HEDGES.negation],
  ];

  itReadsTables<ReadonlySet<string>>(readFlags, accepts, refuses);

  it('compares flag sets whatever their order', () => {
    assert.ok(sameFlags(new Set(['RST', 'ACK']), new Set(['ACK', 'RST'])));
    assert.ok(!sameFlags(new Set(['RST', 'ACK']), new Set(['RST'])));
  });
});

describe('readSide', () => {
  const accepts: [string, 'client' | 'server' | 'both'][] = [
    ['client', 'client'],
    [' Client ', 'client'],
    ['the client', 'client'],
    ['The Client.', 'client'],
    ['me', 'client'],
    ['my side (the client)', 'client'],
    ['I did', 'client'],
    ['I think the server', 'server'],
    ['I think it was the client', 'client'],
    ['the server', 'server'],
    ['the echo server', 'server'],
    ['server-side', 'server'],
    ['the client, because it closed first', 'client'],
    ['客户端', 'client'],
    ['我', 'client'],
    ['我认为是客户端', 'client'],
    ['服务器', 'server'],
    ['服务端', 'server'],
    ['我觉得是服务器', 'server'],
    ['非常确定是客户端', 'client'],
    ['both', 'both'],
    ['both sides', 'both'],
    ['each side', 'both'],
    ['the client and the server', 'both'],
    ['client & server', 'both'],
    ['双方', 'both'],
    ['客户端和服务器', 'both'],
    ['是客户端', 'client'],
    ['客户端（它先发出了 FIN）', 'client'],
    ['服务器端', 'server'],
    ['对端', 'server'],
    ['两端都会', 'both'],
    ['两方都进入 TIME_WAIT', 'both'],
    ['客户端与服务器', 'both'],
  ];
  const refuses: [string, Refusal][] = [
    ['', undefined],
    ['whoever', undefined],
    ['client or server', HEDGES.alternatives],
    ['either', HEDGES.alternatives],
    ['either side', HEDGES.alternatives],
    ['client/server', HEDGES.bothSides],
    ['client, server', HEDGES.bothSides],
    ['not the client', HEDGES.negation],
    ["it wasn't the server", HEDGES.negation],
    ['不是客户端', HEDGES.negation],
    ['both?', HEDGES.uncertain],
    ['maybe the client', HEDGES.uncertain],
    ['the client?', HEDGES.uncertain],
    ['可能是服务器', HEDGES.uncertain],
    ['客户端还是服务器', HEDGES.alternatives],
    ['不是服务器', HEDGES.negation],
    ['客户端或服务器', HEDGES.alternatives],
    ['客户端吧', HEDGES.uncertain],
    ['大概是服务器', HEDGES.uncertain],
    ['客户端/服务器', HEDGES.bothSides],
    ['客户端、服务器', HEDGES.bothSides],
  ];

  itReadsTables(readSide, accepts, refuses);
});

describe('saysNone', () => {
  it('reads "there was none" in the ways people say it, and not a hedge', () => {
    for (const answer of [
      'none',
      'None.',
      'no',
      'no MSS option',
      'absent',
      'missing',
      '没有',
      '无',
      '无 MSS',
      '没有 MSS 选项',
      '不带 MSS 选项',
      '未携带',
    ]) {
      assert.equal(saysNone(answer), true, answer);
    }
    for (const answer of [
      '',
      '65495',
      'maybe none',
      'none or 536',
      'none?',
      '可能没有',
      '没有吧',
      '无或 536',
      '不是没有',
    ]) {
      assert.equal(saysNone(answer), false, answer);
    }
  });
});

describe('gradedPart', () => {
  it('cuts the reason off the answer, but never leaves nothing to grade', () => {
    assert.equal(gradedPart('1, because the SYN counts').trim(), '1,');
    assert.equal(gradedPart('13 (12 + 1)').trim(), '13');
    assert.equal(gradedPart('(RST, ACK)').trim(), '(RST, ACK)');
    assert.equal(gradedPart('because 1').trim(), 'because 1');
    assert.equal(gradedPart('13，因为加一').trim(), '13,');
  });
});

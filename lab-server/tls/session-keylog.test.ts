/**
 * The session's key log keeps NSS lines only, appends, and drops whole oldest lines past its budget.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionKeyLog } from './session-keylog';

const RANDOM_A = 'a'.repeat(64);
const RANDOM_B = 'B'.repeat(64);
const SECRET = '0f'.repeat(48);

describe('SessionKeyLog', () => {
  it('keeps well-formed lines, newline included, and says so in text()', () => {
    const log = new SessionKeyLog();
    assert.equal(log.text(), '');
    assert.equal(log.append(Buffer.from(`CLIENT_RANDOM ${RANDOM_A} ${SECRET}\n`)), 1);
    assert.equal(log.append(`SERVER_HANDSHAKE_TRAFFIC_SECRET ${RANDOM_B} ${SECRET}\n`), 1);
    assert.equal(
      log.text(),
      `CLIENT_RANDOM ${RANDOM_A} ${SECRET}\nSERVER_HANDSHAKE_TRAFFIC_SECRET ${RANDOM_B.toLowerCase()} ${SECRET}\n`,
    );
    assert.ok(log.has(RANDOM_A));
    assert.ok(log.has(RANDOM_B));
    assert.equal(log.has('c'.repeat(64)), false);
  });

  it('ignores anything that is not an NSS key log line', () => {
    const log = new SessionKeyLog();
    const bad = [
      '',
      '# a comment',
      `client_random ${RANDOM_A} ${SECRET}`,
      `CLIENT_RANDOM ${RANDOM_A.slice(2)} ${SECRET}`,
      `CLIENT_RANDOM ${RANDOM_A} ${SECRET}0`,
      `CLIENT_RANDOM ${RANDOM_A} zz${SECRET.slice(2)}`,
      `CLIENT_RANDOM ${RANDOM_A}`,
      `CLIENT_RANDOM ${RANDOM_A} ${SECRET} extra`,
      `CLIENT_RANDOM\t${RANDOM_A}\t${SECRET}`,
      '\u0000\u00ff binary',
    ];
    for (const line of bad) assert.equal(log.append(`${line}\n`), 0, line);
    assert.equal(log.text(), '');
    assert.equal(log.lines, 0);
  });

  it('splits several lines given at once', () => {
    const log = new SessionKeyLog();
    assert.equal(log.append(`CLIENT_RANDOM ${RANDOM_A} ${SECRET}\r\nnoise\nCLIENT_RANDOM ${RANDOM_B} ${SECRET}`), 2);
    assert.equal(log.lines, 2);
  });

  it('drops whole oldest lines past its budget, never a part of one', () => {
    const line = (i: number): string => `CLIENT_RANDOM ${i.toString(16).padStart(64, '0')} ${SECRET}`;
    const size = line(0).length + 1;
    const log = new SessionKeyLog({ maxBytes: size * 3 + 10 });
    for (let i = 0; i < 2000; i++) log.append(`${line(i)}\n`);
    assert.equal(log.lines, 3);
    assert.equal(log.dropped, 1997);
    assert.equal(log.text(), `${line(1997)}\n${line(1998)}\n${line(1999)}\n`);
    assert.ok(log.bytes <= size * 3 + 10);
    assert.equal(log.has((0).toString(16).padStart(64, '0')), false);
    assert.ok(log.has((1999).toString(16).padStart(64, '0')));
  });
});

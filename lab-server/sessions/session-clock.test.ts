/**
 * The session clock: the origin is the earliest packet or event by timestamp, whatever order they arrive in.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionClock } from './session-clock';

describe('SessionClock', () => {
  it('has no origin until something happens', () => {
    assert.deepEqual(new SessionClock(1_700_000_000_000).message, { startedAt: 1_700_000_000 });
  });

  it('takes the first event, then an earlier packet that arrived after it', () => {
    const clock = new SessionClock(1_700_000_000_000);
    clock.event(2_500);
    assert.deepEqual(clock.message, { startedAt: 1_700_000_000, origin: 1_700_000_002.5, originKind: 'event' });
    clock.packet(1_700_000_002.499);
    assert.deepEqual(clock.message, { startedAt: 1_700_000_000, origin: 1_700_000_002.499, originKind: 'packet' });
    clock.event(3_000);
    clock.packet(1_700_000_004);
    assert.equal(clock.message.origin, 1_700_000_002.499, 'later things do not move it');
  });
});

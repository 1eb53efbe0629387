import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StuckChecks } from './stuck-checks';

const MIN = 60_000;
const open = (remaining: string[]) => () => remaining;

describe('StuckChecks', () => {
  it('flags a student who passed nothing new in an open lab for the whole period, naming the next check', () => {
    const stuck = new StuckChecks();
    stuck.opened('ana', 'echo', 0);
    assert.equal(stuck.stuck('ana', 9 * MIN, 10 * MIN, open(['connected', 'echoed'])), undefined);
    assert.deepEqual(stuck.stuck('ana', 10 * MIN, 10 * MIN, open(['connected', 'echoed'])), {
      lab: 'echo',
      check: 'connected',
      since: 0,
    });
  });

  it('restarts the clock at each pass, and names the check that failed last', () => {
    const stuck = new StuckChecks();
    stuck.opened('ana', 'echo', 0);
    stuck.changed('ana', 'echo', 'connected', 'passed', 8 * MIN);
    assert.equal(stuck.stuck('ana', 12 * MIN, 10 * MIN, open(['echoed', 'closed'])), undefined);
    stuck.changed('ana', 'echo', 'closed', 'failed', 9 * MIN);
    assert.deepEqual(stuck.stuck('ana', 18 * MIN, 10 * MIN, open(['echoed', 'closed'])), {
      lab: 'echo',
      check: 'closed',
      since: 8 * MIN,
    });
    assert.equal(stuck.nextChange(12 * MIN, 10 * MIN), 18 * MIN);
  });

  it('is quiet for a lab left, a lab done, a student forgotten', () => {
    const stuck = new StuckChecks();
    stuck.opened('ana', 'echo', 0);
    assert.equal(stuck.stuck('ana', 60 * MIN, 10 * MIN, open([])), undefined, 'every check passed');
    stuck.closed('ana', 'echo');
    assert.equal(stuck.stuck('ana', 60 * MIN, 10 * MIN, open(['x'])), undefined, 'left the lab');
    stuck.opened('bo', 'echo', 0);
    stuck.forget('bo');
    assert.equal(stuck.stuck('bo', 60 * MIN, 10 * MIN, open(['x'])), undefined);
  });

  it('keeps the first opening when a second tab opens the same lab', () => {
    const stuck = new StuckChecks();
    stuck.opened('ana', 'echo', 0);
    stuck.opened('ana', 'echo', 5 * MIN);
    assert.equal(stuck.stuck('ana', 10 * MIN, 10 * MIN, open(['x']))?.since, 0);
  });
});

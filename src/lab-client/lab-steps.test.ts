/**
 * A lab's steps: each ticks when its check passes, the first one not yet done is the current one, and a step
 * naming a check the lab lacks is reported.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckStatus } from '../protocol';
import { stepViews, unknownStepChecks } from './lab-steps';

const check = (id: string, state: CheckStatus['state']): CheckStatus => ({ id, title: id, state, detail: '' });

describe('lab steps', () => {
  const steps = [
    { check: 'connected', content: 'connect' },
    { check: undefined, content: 'look at the packets' },
    { check: 'sent-hello', content: 'send' },
    { check: 'read-echo', content: 'recv' },
  ];

  it('ticks the steps whose checks passed and marks the first open one as current', () => {
    const views = stepViews(steps, [
      check('connected', 'passed'),
      check('sent-hello', 'failed'),
      check('read-echo', 'pending'),
    ]);
    assert.deepEqual(
      views.map((view) => [view.number, view.state, view.current]),
      [
        [1, 'passed', false],
        [2, 'pending', false],
        [3, 'failed', true],
        [4, 'pending', false],
      ],
    );
  });

  it('has no current step once every check passed, and all pending before the welcome', () => {
    const all = stepViews(steps, [
      check('connected', 'passed'),
      check('sent-hello', 'passed'),
      check('read-echo', 'passed'),
    ]);
    assert.equal(all.filter((view) => view.current).length, 0);
    const before = stepViews(steps, []);
    assert.deepEqual(
      before.map((view) => view.state),
      ['pending', 'pending', 'pending', 'pending'],
    );
    assert.equal(before[0]?.current, true);
  });

  it('reports steps that name a check the lab does not have, once the checks are known', () => {
    assert.deepEqual(unknownStepChecks([{ check: 'conected', content: '' }], [check('connected', 'pending')]), [
      'conected',
    ]);
    assert.deepEqual(unknownStepChecks([{ check: 'conected', content: '' }], []), []);
  });
});

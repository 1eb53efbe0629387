/** The sidebar's reading of `/api/progress`: the labs done, and nothing from an answer of any other shape. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doneLabsOf } from './lab-progress';

describe('doneLabsOf', () => {
  it('lists the labs whose every check passed', () => {
    const body = {
      labs: {
        'tcp-echo': { checks: [], questions: [], done: true },
        'udp-echo': { checks: [], questions: [], done: false },
      },
    };
    assert.deepEqual(doneLabsOf(body), ['tcp-echo']);
  });

  it('finds nothing in an answer that is not progress', () => {
    for (const body of [
      undefined,
      null,
      'done',
      42,
      [],
      {},
      { labs: null },
      { labs: 'tcp-echo' },
      { labs: { x: { done: 'yes' } } },
      { labs: { x: null } },
    ]) {
      assert.deepEqual(doneLabsOf(body), [], JSON.stringify(body));
    }
  });
});

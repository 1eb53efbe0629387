/**
 * The shared emitter: listeners hear events until they dispose; one listener's exception reaches the error
 * hook without silencing the others or the code that fired.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Emitter } from './emitter';

describe('Emitter', () => {
  it('delivers to every listener until it disposes', () => {
    const emitter = new Emitter<number>();
    const heard: number[] = [];
    const first = emitter.event((value) => heard.push(value));
    emitter.event((value) => heard.push(value * 10));
    emitter.fire(1);
    first.dispose();
    emitter.fire(2);
    assert.deepEqual(heard, [1, 10, 20]);
    assert.equal(emitter.size, 1);
  });

  it('reports a throwing listener and still reaches the others', () => {
    const emitter = new Emitter<string>();
    const reported: unknown[] = [];
    const previous = Emitter.reportListenerError;
    Emitter.reportListenerError = (error) => reported.push(error);
    try {
      const heard: string[] = [];
      emitter.event(() => {
        throw new Error('listener bug');
      });
      emitter.event((value) => heard.push(value));
      assert.doesNotThrow(() => emitter.fire('x'));
      assert.deepEqual(heard, ['x']);
      assert.equal((reported[0] as Error).message, 'listener bug');
    } finally {
      Emitter.reportListenerError = previous;
    }
  });
});

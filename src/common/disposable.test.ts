/**
 * The store that makes "closing the WebSocket closes everything" true: every item released once, newest first,
 * even when one of them fails; items added after disposal are released at once.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DisposableStore, toDisposable } from './disposable';

describe('DisposableStore', () => {
  it('releases everything once, newest first, and reports failures after all had their turn', async () => {
    const store = new DisposableStore();
    const order: string[] = [];
    store.add(toDisposable(() => void order.push('server')));
    store.add(
      toDisposable(() => {
        order.push('socket');
        throw new Error('already closed');
      }),
    );
    store.add(toDisposable(async () => void order.push('timer')));
    await assert.rejects(store.dispose(), AggregateError);
    assert.deepEqual(order, ['timer', 'socket', 'server']);
    await store.dispose();
    assert.equal(order.length, 3, 'a second dispose releases nothing again');
  });

  it('releases an item added after disposal at once', async () => {
    const store = new DisposableStore();
    await store.dispose();
    let released = false;
    store.add(
      toDisposable(() => {
        released = true;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(released);
  });
});

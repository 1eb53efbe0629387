/**
 * Connection slots: when every slot is taken, the connection idle the longest makes room, not the newcomer.
 */

import assert from 'node:assert/strict';
import type net from 'node:net';
import { describe, it } from 'node:test';
import { ConnectionSlots } from './connection-slots';

/** Stands in for a socket: the slots only ever destroy one. */
function fakeSocket(): net.Socket & { destroyed: boolean } {
  const socket = {
    destroyed: false,
    destroy() {
      socket.destroyed = true;
      return socket;
    },
  };
  return socket as unknown as net.Socket & { destroyed: boolean };
}

describe('ConnectionSlots', () => {
  it('closes the longest-idle connection to admit a new one when full', () => {
    let now = 0;
    const slots = new ConnectionSlots(3, () => now);
    const [a, b, c, d] = [fakeSocket(), fakeSocket(), fakeSocket(), fakeSocket()];
    assert.equal(slots.admit(a, 1), undefined);
    now = 10;
    assert.equal(slots.admit(b, 2), undefined);
    now = 20;
    assert.equal(slots.admit(c, 3), undefined);
    now = 30;
    slots.touch(a);
    now = 100;
    assert.deepEqual(slots.admit(d, 4), { connection: 2, idleMs: 90 }, 'b was idle the longest');
    assert.equal(b.destroyed, true);
    assert.equal(a.destroyed || c.destroyed || d.destroyed, false);
    assert.equal(slots.size, 3);
  });

  it('frees a slot when a connection closes by itself', () => {
    const slots = new ConnectionSlots(1);
    const [a, b] = [fakeSocket(), fakeSocket()];
    slots.admit(a, 1);
    slots.release(a);
    assert.equal(slots.admit(b, 2), undefined);
    assert.equal(a.destroyed, false);
  });
});

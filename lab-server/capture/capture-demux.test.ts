/**
 * Demultiplexing by port: a packet reaches the subscribers of its source or destination port, each once, and
 * nobody else; a disposed subscription receives nothing more.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaptureDemux } from './capture-demux';

describe('CaptureDemux', () => {
  it('finds the owners of either port and nobody else', () => {
    const demux = new CaptureDemux<string>();
    demux.add([20001], 'alice');
    demux.add([20002, 20003], 'bob');
    assert.deepEqual(demux.listenersFor(54000, 20001), ['alice']);
    assert.deepEqual(demux.listenersFor(20003, 54000), ['bob']);
    assert.deepEqual(demux.listenersFor(20002, 20003), ['bob']);
    assert.deepEqual(demux.listenersFor(20001, 20002).sort(), ['alice', 'bob']);
    assert.deepEqual(demux.listenersFor(54000, 20004), []);
    assert.equal(demux.has(20004), false);
  });

  it('forgets a disposed subscription, and disposing twice is harmless', () => {
    const demux = new CaptureDemux<string>();
    const alice = demux.add([20001, 20001], 'alice');
    demux.add([20001], 'carol');
    alice.dispose();
    alice.dispose();
    assert.deepEqual(demux.listenersFor(20001, 1), ['carol']);
    assert.deepEqual(demux.all(), ['carol']);
    demux.add([20002], 'dave').dispose();
    assert.equal(demux.has(20002), false);
    assert.equal(demux.portCount, 1);
  });
});

/**
 * Relative sequence numbers kept across tshark runs: a full exchange, a connection joined mid-stream, the reuse
 * of a 4-tuple, window scaling, and sequence-number wrap-around.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TcpConnectionTracker, type TcpSegmentFacts } from './tcp-connections';

const CLIENT = { src: '127.0.0.1', dst: '127.0.0.1', srcPort: 54122, dstPort: 20417 };
const SERVER = { src: '127.0.0.1', dst: '127.0.0.1', srcPort: 20417, dstPort: 54122 };

function segment(from: typeof CLIENT, fields: Partial<TcpSegmentFacts>): TcpSegmentFacts {
  return { ...from, seqRaw: 0, ackRaw: 0, flags: 0x010, windowValue: 512, len: 0, windowScale: undefined, ...fields };
}

describe('TcpConnectionTracker', () => {
  it('numbers an echo exchange as Wireshark does', () => {
    const tracker = new TcpConnectionTracker();
    const c = 4_000_000_000;
    const s = 1_000;
    const views = [
      tracker.track(segment(CLIENT, { seqRaw: c, flags: 0x002, windowValue: 65495, windowScale: 7 })),
      tracker.track(segment(SERVER, { seqRaw: s, ackRaw: c + 1, flags: 0x012, windowValue: 65483, windowScale: 7 })),
      tracker.track(segment(CLIENT, { seqRaw: c + 1, ackRaw: s + 1 })),
      tracker.track(segment(CLIENT, { seqRaw: c + 1, ackRaw: s + 1, flags: 0x018, len: 12 })),
      tracker.track(segment(SERVER, { seqRaw: s + 1, ackRaw: c + 13 })),
      tracker.track(segment(CLIENT, { seqRaw: c + 13, ackRaw: s + 1, flags: 0x011 })),
    ];
    assert.deepEqual(
      views.map((view) => [view.seq, view.ack, view.nextSeq]),
      [
        [0, 0, 1],
        [0, 1, 1],
        [1, 1, 1],
        [1, 1, 13],
        [1, 13, 1],
        [13, 1, 14],
      ],
    );
    assert.equal(new Set(views.map((view) => view.connection)).size, 1);
    assert.equal(views[0]?.window, 65495, 'a SYN window is never scaled');
    assert.equal(views[2]?.window, 512 * 128);
  });

  it('wraps around 2^32', () => {
    const tracker = new TcpConnectionTracker();
    tracker.track(segment(CLIENT, { seqRaw: 0xffff_fff0, flags: 0x002 }));
    assert.equal(tracker.track(segment(CLIENT, { seqRaw: 0x0000_0010 })).seq, 0x20);
  });

  it('starts at 1 when the SYN was not seen, and leaves the window unscaled-unknown', () => {
    const tracker = new TcpConnectionTracker();
    const view = tracker.track(segment(CLIENT, { seqRaw: 777, ackRaw: 999, flags: 0x018, len: 5 }));
    assert.deepEqual([view.seq, view.ack, view.window], [1, 1, undefined]);
    assert.equal(tracker.track(segment(SERVER, { seqRaw: 999, ackRaw: 782 })).ack, 6);
  });

  it('treats a new SYN on a closed 4-tuple as a new connection, a retransmitted SYN as the same', () => {
    const tracker = new TcpConnectionTracker();
    const first = tracker.track(segment(CLIENT, { seqRaw: 10, flags: 0x002 }));
    assert.equal(tracker.track(segment(CLIENT, { seqRaw: 10, flags: 0x002 })).connection, first.connection);
    tracker.track(segment(CLIENT, { seqRaw: 11, flags: 0x004 }));
    const second = tracker.track(segment(CLIENT, { seqRaw: 5000, flags: 0x002 }));
    assert.notEqual(second.connection, first.connection);
    assert.equal(second.seq, 0);
  });

  it('stays within its bound', () => {
    const tracker = new TcpConnectionTracker(10);
    for (let port = 1; port <= 100; port++) tracker.track(segment({ ...CLIENT, srcPort: port }, { flags: 0x002 }));
    assert.equal(tracker.size, 10);
  });
});

/**
 * A session's recording keeps its latest frames within the byte budget and writes them as pcapng.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaptureRecording } from './capture-recording';
import { rawFrame } from './synthetic-frames';

describe('CaptureRecording', () => {
  it('drops the oldest frames past its budget', () => {
    const recording = new CaptureRecording({ maxBytes: 1000 });
    for (let i = 0; i < 5000; i++) recording.add(rawFrame(Buffer.alloc(100, i & 0xff), i));
    assert.equal(recording.count, 10);
    assert.equal(recording.dropped, 4990);
    const file = recording.toPcapng();
    assert.equal(file.readUInt32LE(0), 0x0a0d0d0a);
  });

  it('writes each frame’s comment into the file', () => {
    const recording = new CaptureRecording();
    recording.add(rawFrame(Buffer.alloc(60, 1), 1), 'socketlab: connection #1');
    recording.add(rawFrame(Buffer.alloc(60, 2), 2));
    const text = recording.toPcapng().toString('latin1');
    assert.equal(text.split('socketlab: connection #1').length, 2, 'the comment, once');
  });

  it('snapshots the frames a selection keeps, with each frame’s packet id, and the key log first', () => {
    const recording = new CaptureRecording();
    for (let id = 1; id <= 6; id++) recording.add(rawFrame(Buffer.alloc(60, id), id), undefined, id * 10);
    recording.add(rawFrame(Buffer.alloc(60, 7), 7));
    const all = recording.snapshot();
    assert.deepEqual(all.packetIds, [10, 20, 30, 40, 50, 60, 0]);
    assert.deepEqual(all.pcapng, recording.toPcapng());
    const some = recording.snapshot({ select: (id) => id > 0 && id % 20 === 0, tlsKeyLog: 'CLIENT_RANDOM x y\n' });
    assert.deepEqual(some.packetIds, [20, 40, 60]);
    assert.equal(some.pcapng.readUInt32LE(some.pcapng.readUInt32LE(4)), 0x0a, 'a secrets block after the header');
    assert.ok(some.pcapng.length < all.pcapng.length);
  });
});

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
});

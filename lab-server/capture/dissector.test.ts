/**
 * A tshark run that cannot even begin: `Dissector.start` reports it as an exit, never as a rejection, because
 * runs are started fire-and-forget and a rejection there would end the lab server.
 */

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Dissector, describeDissectorFailure } from './dissector';
import type { QueuedFrame } from './frame-queue';

describe('Dissector.start', () => {
  it('reports a FIFO it cannot make as a failed start', async (t) => {
    const parent = await mkdtemp(join(tmpdir(), 'socketlab-dissector-test-'));
    t.after(() => rm(parent, { recursive: true, force: true }));
    const result = await Dissector.start<QueuedFrame>({
      tsharkPath: 'tshark',
      directory: join(parent, 'removed'),
      generation: 1,
      linkType: 1,
      snapLength: 4016,
      openTimeoutMs: 1000,
    });
    assert.ok(!(result instanceof Dissector));
    assert.match(
      describeDissectorFailure('tshark', result).en,
      /^tshark at tshark could not be started \(mkfifo: .+\)\.$/,
    );
  });
});

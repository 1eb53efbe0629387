/**
 * Stopping children: SIGTERM to all, SIGKILL only when one outlives the grace period, and a wait that ends
 * even for a child that never goes away (were it unbounded, that test would hang).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type StoppableChild, stopGracefully } from './graceful-stop';

class FakeChild implements StoppableChild {
  readonly signals: NodeJS.Signals[] = [];
  private exited: (() => void) | undefined;
  private readonly exit = new Promise<void>((resolve) => {
    this.exited = resolve;
  });

  constructor(private readonly diesOn: readonly NodeJS.Signals[]) {}

  stop(signal: NodeJS.Signals): void {
    this.signals.push(signal);
    if (this.diesOn.includes(signal)) this.exited?.();
  }

  waitForExit(): Promise<void> {
    return this.exit;
  }
}

describe('stopGracefully', () => {
  it('sends SIGTERM only, when every child exits on it', async () => {
    const children = [new FakeChild(['SIGTERM']), new FakeChild(['SIGTERM'])];
    await stopGracefully(children, 1000);
    assert.deepEqual(
      children.map((child) => child.signals),
      [['SIGTERM'], ['SIGTERM']],
    );
  });

  it('sends SIGKILL after the grace period when a child ignores SIGTERM', async () => {
    const polite = new FakeChild(['SIGTERM']);
    const stubborn = new FakeChild(['SIGKILL']);
    await stopGracefully([polite, stubborn], 20);
    assert.deepEqual(stubborn.signals, ['SIGTERM', 'SIGKILL']);
  });

  it('gives up waiting after a second grace period', async () => {
    const immortal = new FakeChild([]);
    await stopGracefully([immortal], 20);
    assert.deepEqual(immortal.signals, ['SIGTERM', 'SIGKILL']);
  });

  it('returns at once with no children', async () => {
    await stopGracefully([], 10_000);
  });
});

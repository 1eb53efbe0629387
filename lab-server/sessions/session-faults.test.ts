/**
 * A session's faults without the kernel, on stand-in servers: each declared fault is reported with its setting,
 * those that need the packet filter are unavailable with the reason where faults are off, a restart is
 * available wherever its server can restart (and unavailable, saying so, where it cannot), a restart is reported
 * at n while the server is away and at 0 by itself once it is back, and every bad request — a fault the lab
 * lacks, a setting outside the kind's bounds, one that cannot act here — is a catalog error with a sentence in
 * both languages. The shell sets faults through this same API.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Observation } from '../../src/lab-kit';
import { type ErrorCode, LabError } from '../../src/protocol';
import type { RunningServer } from '../servers/observation';
import { type FaultReport, SessionFaults } from './session-faults';

/** A server that records its restarts and comes back when the test says so. */
function standIn(id: string, kind: string, restartable: boolean) {
  const restarts: number[] = [];
  let bringBack = (): void => {};
  const server: RunningServer = {
    info: { id, kind, title: id, transport: 'tcp', host: '127.0.0.1', port: 50450 },
    endpoints: [],
    onObservation: (_listener: (observation: Observation) => void) => ({ dispose: () => undefined }),
    dispose: () => undefined,
    ...(restartable && {
      restart(downMs: number) {
        restarts.push(downMs);
        return new Promise<void>((resolve) => {
          bringBack = resolve;
        });
      },
    }),
  };
  return { server, restarts, back: () => bringBack() };
}

async function refusal(promise: Promise<unknown>, code: ErrorCode): Promise<LabError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LabError, String(error));
    assert.equal(error.code, code);
    return error;
  }
  assert.fail(`not refused with ${code}`);
}

describe('session faults', () => {
  it('reports each fault, and restarts a server with no packet filter at all', async () => {
    const echo = standIn('echo', 'tcp-echo', true);
    const specs = [
      { kind: 'loss', server: 'echo' },
      { kind: 'silence', server: 'echo' },
      { kind: 'restart', server: 'echo' },
    ] as const;
    const faults = await SessionFaults.start(specs, [echo.server], undefined);
    const reports = faults.reports();
    assert.deepEqual(
      reports.map((report) => [report.kind, report.available, report.value]),
      [
        ['loss', false, 0],
        ['silence', false, 0],
        ['restart', true, 0],
      ],
    );
    assert.match(reports[0]?.reason?.en ?? '', /turned off/);
    assert.match(reports[1]?.reason?.['zh-Hans'] ?? '', /关闭了故障注入/);

    const changes: FaultReport[] = [];
    faults.onChange((report) => changes.push(report));
    const down = await faults.set('restart', 'echo', 5);
    assert.equal(down.value, 5, 'reported at 5 once the server is away');
    assert.deepEqual(echo.restarts, [5000]);
    echo.back();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      changes.map((report) => report.value),
      [5, 0],
      'and at 0 by itself once it is back',
    );
    assert.equal(faults.reports()[2]?.value, 0);
    await faults.dispose();
  });

  it('refuses what the lab lacks, a bad setting and a fault that cannot act, in both languages', async () => {
    const reader = standIn('reader', 'closed-port', false);
    const faults = await SessionFaults.start(
      [
        { kind: 'restart', server: 'reader' },
        { kind: 'loss', server: 'reader' },
      ],
      [reader.server],
      undefined,
    );
    assert.match(faults.reports()[0]?.reason?.en ?? '', /A closed-port server cannot be restarted/);

    const unknown = await refusal(faults.set('silence', 'reader', 1), 'LAB_ERR_FAULT_UNKNOWN');
    assert.match(unknown.text.en, /no silence fault on "reader"/);
    assert.match(unknown.text['zh-Hans'], /没有在 "reader" 上提供 silence 故障/);
    await refusal(faults.set('loss', 'nope', 1), 'LAB_ERR_FAULT_UNKNOWN');
    for (const value of [-5, 101, 1.5, Number.NaN]) {
      const bad = await refusal(faults.set('loss', 'reader', value), 'LAB_ERR_FAULT_VALUE');
      assert.match(bad.text.en, /is not a loss rate: give a whole percent from 0 to 100/);
      assert.match(bad.text['zh-Hans'], /不是丢包率：请给出 0 到 100 之间的整数百分比/);
    }
    const long = await refusal(faults.set('restart', 'reader', 31), 'LAB_ERR_FAULT_VALUE');
    assert.match(long.text.en, /^31 is not a restart time/);
    const cannot = await refusal(faults.set('restart', 'reader', 5), 'LAB_ERR_FAULT_UNAVAILABLE');
    assert.match(cannot.text.en, /cannot be restarted/);
    assert.match(cannot.text['zh-Hans'], /不支持重启/);
    await faults.dispose();
  });
});

/**
 * The lab registry refuses, at start, a lab the lab server could not run as written — an unknown server kind or
 * view, a name used twice — naming the lab and what is wrong; it takes the course's labs as they are, and
 * answers an unknown lab id with the catalog's error.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LABS } from '../../labs';
import { verbatim } from '../../src/common/localized';
import { defineLab, type LabDefinition } from '../../src/lab-kit';
import { LabError, type ViewId } from '../../src/protocol';
import { LabRegistry } from './lab-registry';

function lab(overrides: Partial<LabDefinition> = {}): LabDefinition {
  return defineLab({
    id: 'demo',
    title: verbatim('Demo'),
    servers: [{ id: 'echo', kind: 'tcp-echo', title: verbatim('Echo') }],
    checks: [],
    greeting: verbatim('hi'),
    ...overrides,
  });
}

describe('LabRegistry', () => {
  it('takes the course’s labs, and refuses an unknown id with the catalog’s error', () => {
    const registry = new LabRegistry(LABS);
    assert.deepEqual(
      registry.ids(),
      LABS.map((known) => known.id),
    );
    assert.throws(
      () => registry.get('nope'),
      (error: unknown) => error instanceof LabError && error.code === 'LAB_ERR_LAB_UNKNOWN',
    );
  });

  it('refuses a lab it could not run, saying which and why', () => {
    const refused: [Partial<LabDefinition>, RegExp][] = [
      [{ servers: [{ id: 'echo', kind: 'tcp-ecoh', title: verbatim('x') }] }, /unknown server kind "tcp-ecoh"/],
      [{ views: ['packets', 'wireshark' as ViewId] }, /unknown view "wireshark"; views: packets, ladder/],
      [{ views: ['packets', 'packets'] }, /the view "packets" is listed twice/],
      [{ views: [] }, /at least one view/],
      [{ servers: [] }, /at least one server/],
      [{ faults: [{ kind: 'loss', server: 'nope' }] }, /the fault loss on "nope" names no server of the lab/],
      [{ faults: [{ kind: 'loss', server: 'echo', value: 101 }] }, /starts at 101 is not a loss rate/],
      [{ faults: [{ kind: 'silence', server: 'echo', value: 2 }] }, /starts at 2 is not a silence setting/],
      [{ faults: [{ kind: 'restart', server: 'echo', value: 5 }] }, /a restart starts at 0/],
      [
        {
          faults: [
            { kind: 'loss', server: 'echo' },
            { kind: 'loss', server: 'echo' },
          ],
        },
        /the fault loss on "echo" is listed twice/,
      ],
    ];
    for (const [overrides, message] of refused) {
      assert.throws(
        () => new LabRegistry([lab(overrides)]),
        (error: Error) => /lab "demo"/.test(error.message) && message.test(error.message),
      );
    }
    assert.throws(() => new LabRegistry([lab(), lab()]), /Two labs have the id "demo"/);
    assert.deepEqual(new LabRegistry([lab({ views: ['events'] })]).ids(), ['demo']);
  });
});

/**
 * Labs for the faults' tests: one that offers every fault kind on its TCP echo server, one that offers only
 * loss (so the other kinds are faults it lacks), and one with a UDP echo server to restart.
 */

import { verbatim } from '../../../src/common/localized';
import { defineLab } from '../../../src/lab-kit';

export const EVERY_FAULT = defineLab({
  id: 'every-fault',
  title: verbatim('Every fault on demand'),
  servers: [{ id: 'echo', kind: 'tcp-echo', title: verbatim('TCP echo server') }],
  checks: [],
  greeting: verbatim('hi'),
  faults: [
    { kind: 'loss', server: 'echo' },
    { kind: 'silence', server: 'echo' },
    { kind: 'restart', server: 'echo' },
  ],
});

export const LOSS_ONLY = defineLab({
  id: 'loss-only',
  title: verbatim('Loss on demand'),
  servers: [{ id: 'echo', kind: 'tcp-echo', title: verbatim('TCP echo server') }],
  checks: [],
  greeting: verbatim('hi'),
  faults: [{ kind: 'loss', server: 'echo' }],
});

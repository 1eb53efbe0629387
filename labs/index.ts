/**
 * Every lab of the course. A lab is one folder (its `lab.ts` manifest, its checks, a reference solution and
 * the tests that run both); this list is how the lab server finds them.
 */

import type { LabDefinition } from '../lab-server/labs/lab-definition';
import tcpEcho from './tcp-echo/lab';

export const LABS: readonly LabDefinition[] = [tcpEcho];

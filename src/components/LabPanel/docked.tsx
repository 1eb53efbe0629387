/**
 * The lab panel in its dock (LabDock): the root of the lazily loaded lab chunk, so the dock's code, like the
 * panel's and xterm's, reaches only pages with a lab.
 */

import type { ReactNode } from 'react';
import LabDock from '../LabDock';
import type { LabStepSpec } from '../LabSteps';
import LabPanel from '.';

export interface DockedLabPanelProps {
  readonly id: string;
  readonly steps: readonly LabStepSpec[];
}

export default function DockedLabPanel({ id, steps }: DockedLabPanelProps): ReactNode {
  return <LabDock id={id}>{(layout) => <LabPanel id={id} steps={steps} layout={layout} />}</LabDock>;
}

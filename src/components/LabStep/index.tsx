/**
 * `<LabStep check="connected">Type `connect echo`.</LabStep>`: one step of a lesson's lab, written as a child of
 * `<Lab>`. It renders nothing by itself: `<Lab>` reads its props and shows the steps as a numbered list beside
 * the terminal (LabSteps), each ticking when its check passes. Without JavaScript the list is in the page too.
 */

import type { ReactNode } from 'react';

export interface LabStepProps {
  /** The id of the lab check that completes this step; leave it out for a step that is guidance only. */
  readonly check?: string;
  readonly children: ReactNode;
}

export default function LabStep(_props: LabStepProps): ReactNode {
  return null;
}

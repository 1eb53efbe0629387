/**
 * A lesson's steps for its lab: short numbered items a lesson writes as `<LabStep check="…">` children of
 * `<Lab>`, each ticking when the check it names passes. The text belongs to the lesson (so it is translated with
 * it); which check a step waits for belongs to the lab. Platform-free: the view and the tests share it.
 */

import type { CheckState, CheckStatus } from '../protocol';

export interface StepSpec<Content> {
  /** The check whose passing completes the step; a step without one is guidance only and never ticks. */
  readonly check: string | undefined;
  readonly content: Content;
}

export interface StepView<Content> extends StepSpec<Content> {
  readonly number: number;
  /** `passed` once its check has; `failed` when the check says so; `pending` otherwise. */
  readonly state: CheckState;
  /** The first step not yet passed: where the student is. */
  readonly current: boolean;
}

export function stepViews<Content>(
  steps: readonly StepSpec<Content>[],
  checks: readonly CheckStatus[],
): StepView<Content>[] {
  const states = new Map(checks.map((check) => [check.id, check.state]));
  let currentFound = false;
  return steps.map((step, index) => {
    const state = step.check === undefined ? 'pending' : (states.get(step.check) ?? 'pending');
    const done = state === 'passed';
    const current = !currentFound && !done && step.check !== undefined;
    if (current) currentFound = true;
    return { ...step, number: index + 1, state, current };
  });
}

/** Check ids a lesson's steps name that the lab does not have: a typo the panel reports instead of hiding. */
export function unknownStepChecks(steps: readonly StepSpec<unknown>[], checks: readonly CheckStatus[]): string[] {
  if (checks.length === 0) return [];
  const known = new Set(checks.map((check) => check.id));
  return steps.flatMap((step) => (step.check !== undefined && !known.has(step.check) ? [step.check] : []));
}

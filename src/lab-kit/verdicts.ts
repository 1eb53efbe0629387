/**
 * The three verdicts a check or a question gives: still open (`pending`, with what the student should do or
 * what the check waits for), `passed` (with what was seen), `failed` (with what went wrong and how to fix it).
 */

import type { Localized } from '../common/localized';
import type { CheckVerdict } from './lab-definition';

export function pending(detail: Localized): CheckVerdict {
  return { state: 'pending', detail };
}

export function passed(detail: Localized): CheckVerdict {
  return { state: 'passed', detail };
}

export function failed(detail: Localized): CheckVerdict {
  return { state: 'failed', detail };
}

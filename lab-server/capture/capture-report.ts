/**
 * The capture's state as the lab server holds it: the state and its reason in every language of the course.
 * The pipeline has no notion of a page's language; the edge that sends the status to a page (or to the health
 * check) picks one with `captureStatusIn`, which gives the protocol's wire form.
 */

import { type Locale, type Localized, pick } from '../../src/common/localized';
import type { CaptureState, CaptureStatus } from '../../src/protocol';

export interface CaptureReport {
  readonly state: CaptureState;
  /** While running, where it captures; otherwise why not and how to enable it. */
  readonly reason: Localized;
}

/** The status a page in `locale` is sent. */
export function captureStatusIn(report: CaptureReport, locale: Locale): CaptureStatus {
  return { state: report.state, reason: pick(report.reason, locale) };
}

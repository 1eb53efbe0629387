/**
 * What a capture subscriber receives: each packet of its ports together with the raw frame it came from (kept
 * for the session's pcapng download), and gaps — stretches of time in which packets may be missing because the
 * capturer restarted or tshark fell behind. A gap goes to every subscriber, since nobody can know whose packets
 * were in it.
 */

import type { Localized } from '../../src/common/localized';
import type { Packet } from './packet';
import type { RawFrame } from './raw-frame';

/** Packets may be missing between `from` and `to` (epoch seconds); `to` is null when the capture did not come back. */
export interface CaptureGap {
  readonly from: number;
  readonly to: number | null;
  /** Why, in every language: the session sends it in its page's. */
  readonly reason: Localized;
}

export type CaptureEvent =
  | { readonly type: 'packet'; readonly packet: Packet; readonly frame: RawFrame }
  | { readonly type: 'gap'; readonly gap: CaptureGap };

export type CaptureListener = (event: CaptureEvent) => void;

/**
 * The faults a lab can put on its servers' traffic, by kind: today `loss`, a share of a server port's packets
 * dropped in the lab server's kernel so that the capture shows real retransmissions. A lab's manifest declares
 * which faults its lesson offers; the page and the shell set them within the bounds here.
 */

export const FAULT_KINDS = ['loss'] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** A loss rate is a whole percent. */
export const LOSS_PERCENT = { min: 0, max: 100 } as const;

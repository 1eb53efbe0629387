/**
 * The sentences every capture check and question uses when it cannot judge from packets, written once so the
 * labs say the same thing the same way: capture off (the lab server lacks the rights to capture, see the panel),
 * or capture on but nothing of the kind captured yet.
 */

import type { CheckContext, CheckVerdict } from '../../lab-server/labs/lab-definition';

export const CAPTURE_OFF =
  'Packet capture is not running on this lab server (the lab panel says why and how to turn it on), so there are no packets to look at.';

export function pending(detail: string): CheckVerdict {
  return { state: 'pending', detail };
}

export function passed(detail: string): CheckVerdict {
  return { state: 'passed', detail };
}

export function failed(detail: string): CheckVerdict {
  return { state: 'failed', detail };
}

/** The question's verdict when there is no capture: it stays open, so the answer is judged once packets exist. */
export function captureOff(context: CheckContext): CheckVerdict | undefined {
  return context.captureRunning ? undefined : pending(CAPTURE_OFF);
}

/** `127.0.0.1:20417`, or the server's role when the session has no such server. */
export function addressOf(context: CheckContext, id: string, fallback: string): string {
  const server = context.servers.find((candidate) => candidate.id === id);
  return server === undefined ? fallback : `${server.host}:${server.port}`;
}

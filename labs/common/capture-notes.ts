/**
 * The sentences every capture check and question uses when it cannot judge from packets, written once so the
 * labs say the same thing the same way: capture off (the lab server lacks the rights to capture, see the panel),
 * or capture on but nothing of the kind captured yet. Verdicts carry `Localized` text: every language at once,
 * the session picks the page's.
 */

import { type Localized, localized, verbatim } from '../../src/common/localized';
import { type CheckContext, type CheckVerdict, pending } from '../../src/lab-kit';

const TEXT = localized({
  en: {
    captureOff:
      'Packet capture is not running on this lab server (the lab panel says why and how to turn it on), so there are no packets to look at.',
  },
  'zh-Hans': {
    captureOff: '这台实验服务器没有在抓包（实验面板上写明了原因和开启方法），所以没有数据包可看。',
  },
});

export const CAPTURE_OFF = TEXT.captureOff;

/** The question's verdict when there is no capture: it stays open, so the answer is judged once packets exist. */
export function captureOff(context: CheckContext): CheckVerdict | undefined {
  return context.captureRunning ? undefined : pending(CAPTURE_OFF);
}

/** `127.0.0.1:20417`, or the server's role when the session has no such server. */
export function addressOf(context: CheckContext, id: string, fallback: Localized): Localized {
  const server = context.servers.find((candidate) => candidate.id === id);
  return server === undefined ? fallback : verbatim(`${server.host}:${server.port}`);
}

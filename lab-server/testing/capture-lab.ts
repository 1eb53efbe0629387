/**
 * For a lab's integration tests that need real packets: a lab server with the shared capture running on its
 * own port range, a page stand-in, and the page's packets so far. `skipReason` says why capture tests skip
 * on a machine where packets cannot be captured.
 */

import { LABS } from '../../labs';
import type { Packet } from '../../src/protocol';
import { type RunningLabServer, startLabServer } from '../lab-server';
import { setQuiet } from '../log';
import type { TestClient } from './test-client';
import { testDataDir } from './test-data-dir';

export async function startCaptureLabServer(labPorts: {
  first: number;
  last: number;
}): Promise<{ server: RunningLabServer; skipReason: string | false }> {
  setQuiet(true);
  const server = await startLabServer(
    { port: 0, labPorts, capture: 'auto', version: 'test', dataDir: testDataDir() },
    LABS,
  );
  const status = await server.captureReady;
  return { server, skipReason: status.state === 'running' ? false : `capture unavailable here: ${status.reason.en}` };
}

export function pagePackets(page: TestClient): Packet[] {
  return [...page.welcome.packets, ...page.messages.flatMap((m) => (m.type === 'packet' ? [m.packet] : []))];
}

/** Waits until the page's packets satisfy `predicate`; fails with what it got after `ms`. */
export async function waitForPagePackets(
  page: TestClient,
  predicate: (packets: Packet[]) => boolean,
  ms = 10_000,
): Promise<Packet[]> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const packets = pagePackets(page);
    if (predicate(packets)) return packets;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(
    `packets never matched; got: ${pagePackets(page)
      .map((p) => p.info)
      .join(' | ')}`,
  );
}

/** Sends an answer and waits for the verdict on it. */
export async function answer(page: TestClient, question: string, value: string): Promise<string> {
  const seen = page.messages.length;
  page.send({ type: 'answer', question, value });
  const verdict = await page.waitFor(
    (m) => page.messages.indexOf(m) >= seen && m.type === 'question' && m.question.id === question,
  );
  return verdict.type === 'question' ? verdict.question.state : 'none';
}

/**
 * The UDP round trip of `npm run bench`: N clients each send D one-byte datagrams one after the other and wait
 * for each echo, first to the `udp-echo` servers of N real lab sessions (one per client, opened by a page
 * without the browser, on the keystroke section's lab server, `CAPTURE=off`), then to the raw `dgram` echo in
 * the baselines' process — or the other way round: rounds alternate the order and pool their samples. The lab's
 * echo server does what the raw one does plus what a lesson needs: it numbers the flow, and the session turns
 * each datagram into two timeline events (received, sent) for the page and the checks.
 */

import { getHealth, waitSessions } from './lab-server-child';
import { openAll } from './open-all';
import { PacketPage } from './packet-page';
import { emptySamples, type Phase, type PhaseSamples, phase, type Target, typePhase } from './scenario';
import { UdpEchoClient } from './udp-echo-client';

export interface UdpLevel {
  readonly clients: number;
  readonly datagrams: number;
  readonly rounds: number;
}

export interface UdpTarget
  extends Pick<Target, 'labPort' | 'labPid' | 'labUrl' | 'baselinePid' | 'graceMs' | 'timeoutMs'> {
  /** The raw `dgram` echo of the baselines' process. */
  readonly udpPort: number;
}

export interface UdpRoundTripResult extends UdpLevel {
  readonly lab: Phase;
  readonly raw: Phase;
  /** Timeline events the lab pages received while the datagrams went back and forth, per datagram. */
  readonly eventsPerDatagram: number;
  /** Sessions /healthz reported with the pages open, in every round. */
  readonly healthSessions: readonly number[];
  /** Per round, after closing the pages: whether /healthz came back to 0 sessions. */
  readonly cleanups: readonly { readonly reached: boolean; readonly ms: number; readonly last: number }[];
}

export async function runUdpRoundTrip(target: UdpTarget, level: UdpLevel): Promise<UdpRoundTripResult> {
  const lab = emptySamples();
  const raw = emptySamples();
  let events = 0;
  const healthSessions: number[] = [];
  const cleanups: UdpRoundTripResult['cleanups'][number][] = [];
  for (let round = 0; round < level.rounds; round++) {
    const labFirst = round % 2 === 0;
    for (const step of labFirst ? ['lab', 'raw'] : ['raw', 'lab']) {
      if (step === 'raw') {
        await rawRound(target, level, raw);
        continue;
      }
      const outcome = await labRound(target, level, lab);
      events += outcome.events;
      healthSessions.push(outcome.healthSessions);
      cleanups.push(outcome.cleanup);
    }
  }
  return {
    ...level,
    lab: phase(lab),
    raw: phase(raw),
    eventsPerDatagram: events / Math.max(1, lab.rtts.length),
    healthSessions,
    cleanups,
  };
}

async function labRound(
  target: UdpTarget,
  level: UdpLevel,
  into: PhaseSamples,
): Promise<{ events: number; healthSessions: number; cleanup: UdpRoundTripResult['cleanups'][number] }> {
  const pages = await openAll(level.clients, 'pages', (index) =>
    PacketPage.open(
      target.labPort,
      index,
      () => Date.now(),
      () => {},
      target.timeoutMs,
    ),
  );
  let healthSessions = 0;
  let events = 0;
  try {
    const welcomes = await Promise.all(pages.map((page) => page.hello('udp-echo', 'udp-echo', target.timeoutMs)));
    healthSessions = (await getHealth(target.labUrl)).sessions;
    const before = countEvents(pages);
    await echoPhase(
      welcomes.map((welcome) => welcome.echoPort),
      level.datagrams,
      target,
      target.labPid,
      into,
    );
    events = countEvents(pages) - before;
  } finally {
    for (const page of pages) page.close();
  }
  // Bounded: the grace period, plus up to 10 s for the sessions to release their servers.
  const cleanup = await waitSessions(target.labUrl, 0, Math.ceil((target.graceMs + 10_000) / 50), 50);
  return { events, healthSessions, cleanup };
}

async function rawRound(target: UdpTarget, level: UdpLevel, into: PhaseSamples): Promise<void> {
  const ports = Array.from({ length: level.clients }, () => target.udpPort);
  await echoPhase(ports, level.datagrams, target, target.baselinePid, into);
}

/** One client per port, all sending their datagrams at once; adds the round trips and costs to `into`. */
async function echoPhase(
  ports: readonly number[],
  datagrams: number,
  target: UdpTarget,
  serverPid: number,
  into: PhaseSamples,
): Promise<void> {
  const clients = await openAll(ports.length, 'UDP clients', (index) =>
    UdpEchoClient.open(ports[index]!, target.timeoutMs),
  );
  try {
    await typePhase(clients, datagrams, serverPid, into);
  } finally {
    for (const client of clients) client.close();
  }
}

function countEvents(pages: readonly PacketPage[]): number {
  return pages.reduce((total, page) => total + (page.counts.get('event') ?? 0), 0);
}

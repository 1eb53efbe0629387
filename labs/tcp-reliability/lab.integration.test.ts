/**
 * Lab `tcp-reliability` against a real lab server with real capture and real loss: the reference solution's
 * connection, read by the lab's own rules (raw Seq, Ack and window), names the same packets as the Packets tab's
 * labels, which come from tshark's analysis: on each side, every data segment the lab counts as sent again carries
 * Retransmission, Fast Retransmission, Spurious Retransmission or Out-Of-Order, and no other does; every ACK the
 * lab counts as a duplicate is labelled Dup ACK, and no other is. So a student who reads the labels and
 * the lab that judges the answers agree on the whole connection, not only on the packet the questions ask about.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { pagePackets, startCaptureLabServer, waitForPagePackets } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { serverNamed } from '../../src/lab-kit';
import type { ExpertFlag, Packet } from '../../src/protocol';
import { conversationsWith, FIN, hasFlag, type TcpPacket } from '../common/tcp-conversation';
import { ECHO } from './checks';
import { lossReading } from './retransmissions';
import { solution } from './solution';

const RESENT: readonly ExpertFlag[] = [
  'retransmission',
  'fast-retransmission',
  'spurious-retransmission',
  'out-of-order',
];

function describePacket(packet: TcpPacket): string {
  return `#${packet.id} ${packet.info}`;
}

describe('lab tcp-reliability with real capture and loss', () => {
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    ({ server, skipReason: skip } = await startCaptureLabServer({ first: 51200, last: 51299 }));
  });
  after(() => server.close());

  it('reads retransmissions and duplicate ACKs as the Packets tab labels them', { timeout: 90_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tcp-reliability');
    try {
      if (page.welcome.faults?.find((fault) => fault.kind === 'loss')?.available !== true) {
        return t.skip('the lab server may not set faults here');
      }
      const servers = page.welcome.servers;
      await solution.run(servers, page.panel());
      const { port } = serverNamed(servers, ECHO);
      // The connection is over once both FINs are captured: everything before them has been dissected.
      const finished = (packets: Packet[]) =>
        conversationsWith(packets, port).some(
          (conversation) => conversation.packets.filter((packet) => hasFlag(packet, FIN)).length >= 2,
        );
      await waitForPagePackets(page, finished, 20_000);
      const [conversation] = conversationsWith(pagePackets(page), port);
      assert.ok(conversation !== undefined);

      assert.ok(lossReading(conversation, 'client').retransmissions.length > 0, 'at 20 % loss the client resent');
      const captured: readonly TcpPacket[] = conversation.packets;
      for (const side of ['client', 'server'] as const) {
        const reading = lossReading(conversation, side);
        const own: TcpPacket[] = captured.filter((packet) => (side === 'client') === (packet.dstPort === port));
        const labelledResent = own.filter(
          (packet) => packet.tcp.len > 0 && packet.expert.some((flag) => RESENT.includes(flag)),
        );
        assert.deepEqual(reading.retransmissions.map(describePacket), labelledResent.map(describePacket), side);
        const labelledDuplicates = own.filter((packet) => packet.expert.includes('duplicate-ack'));
        assert.deepEqual(reading.duplicateAcks.map(describePacket), labelledDuplicates.map(describePacket), side);
      }
    } finally {
      await page.close();
    }
  });
});

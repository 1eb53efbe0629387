/**
 * The flow graph's words follow what it draws: connections for TCP, flows for UDP, both where it draws both,
 * each arrow naming its own kind; while empty, and of what it left out, it goes by the lab's servers when given.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFlowGraph, byFirstPacket, tcpConnections, udpFlows } from '../../../lab-client/ladder';
import { type Endpoint, TcpConversation, udpPacket } from '../../../lab-client/packet-fixtures';
import type { Packet, ServerInfo, TransportProtocol } from '../../../protocol';
import { arrowText, graphKinds, KIND_TEXT } from './text';

/** A lab's echo server of either transport. */
const echo = (transport: TransportProtocol, port: number): ServerInfo => ({
  id: transport,
  kind: `${transport}-echo`,
  title: `${transport.toUpperCase()} echo server`,
  transport,
  host: '127.0.0.1',
  port,
});
const UDP_ECHO = echo('udp', 40123);
const SERVERS = [echo('tcp', 20417), UDP_ECHO];
const udpServer: Endpoint = { host: '127.0.0.1', port: UDP_ECHO.port };
const client = (port: number): Endpoint => ({ host: '127.0.0.1', port });

const tcp = new TcpConversation({ connection: 1, firstId: 1 }).handshake().packets;
const datagrams: Packet[] = [
  udpPacket(10, 110, 'Hello,world!', client(50001), udpServer),
  udpPacket(11, 110.0001, 'Hello,world!', udpServer, client(50001)),
  udpPacket(12, 111, 'Hi', client(50002), udpServer),
];

function graphOf(packets: readonly Packet[]) {
  return buildFlowGraph(byFirstPacket(tcpConnections(packets, SERVERS), udpFlows(packets, SERVERS, [])));
}

describe('flow graph words', () => {
  it('speak of connections for TCP, as they always did', () => {
    const graph = graphOf(tcp);
    const kinds = graphKinds(graph);
    assert.deepEqual(kinds, { drawn: 'tcp', lab: 'tcp' });
    assert.equal(KIND_TEXT[kinds.drawn].title(1).en, 'Flow graph of 1 connection');
    assert.equal(
      KIND_TEXT.tcp.empty.en,
      'No TCP connection yet: connect to a server and every connection of the session is drawn here.',
    );
    assert.equal(KIND_TEXT.tcp.hidden(2).en, '2 older connections are left out; the ladder shows any one of them.');
    assert.deepEqual(arrowText('0.000', graph.arrows[0]!), {
      en: '0.000 s, connection #1: SYN seq=0',
      'zh-Hans': '0.000 秒，连接 #1：SYN seq=0',
    });
  });

  it('speak of flows for UDP, and an arrow names its flow', () => {
    const graph = graphOf(datagrams);
    const kinds = graphKinds(graph, ['udp']);
    assert.deepEqual(kinds, { drawn: 'udp', lab: 'udp' });
    assert.deepEqual(KIND_TEXT[kinds.drawn].title(2), {
      en: 'Flow graph of 2 UDP flows',
      'zh-Hans': '2 个 UDP 流的流图',
    });
    assert.equal(KIND_TEXT.udp.title(1).en, 'Flow graph of 1 UDP flow');
    assert.equal(KIND_TEXT.udp.hidden(1).en, '1 older flow is left out; the ladder shows any one of them.');
    assert.doesNotMatch(KIND_TEXT.udp.empty.en, /connection/);
    assert.deepEqual(arrowText('0.000', graph.arrows[0]!), {
      en: '0.000 s, flow #1: UDP Len=12 "Hello,world!"',
      'zh-Hans': '0.000 秒，流 #1：UDP Len=12 "Hello,world!"',
    });
  });

  it('speak of both where the graph draws both, each arrow of its own kind', () => {
    const graph = graphOf([...tcp, ...datagrams]);
    assert.deepEqual(graphKinds(graph), { drawn: 'both', lab: 'both' });
    assert.deepEqual(KIND_TEXT.both.title(3), {
      en: 'Flow graph of 3 connections and flows',
      'zh-Hans': '3 条连接和流的流图',
    });
    assert.equal(
      KIND_TEXT.both.hidden(1).en,
      '1 older connection or flow is left out; the ladder shows any one of them.',
    );
    const names = graph.arrows.map((arrow) => arrowText('t', arrow).en.split(':')[0]);
    assert.deepEqual(names, [
      't s, connection #1',
      't s, connection #1',
      't s, connection #1',
      't s, flow #2',
      't s, flow #2',
      't s, flow #3',
    ]);
  });

  it('go by the lab’s servers while nothing is drawn', () => {
    const empty = buildFlowGraph([]);
    assert.equal(graphKinds(empty).lab, 'tcp');
    assert.equal(graphKinds(empty, []).lab, 'tcp');
    assert.equal(graphKinds(empty, ['udp']).lab, 'udp');
    assert.equal(graphKinds(empty, ['tcp', 'udp']).lab, 'both');
    // What a TCP lab draws still sets the title, whatever else the lab's servers speak.
    assert.deepEqual(graphKinds(graphOf(tcp), ['tcp', 'udp']), { drawn: 'tcp', lab: 'both' });
  });
});

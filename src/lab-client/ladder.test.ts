/** Tests of the ladder model: connections and their ends, arrow labels, and the phases of a connection. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerInfo } from '../protocol';
import { buildFlowGraph, buildLadder, type Ladder, latestConnection, PHASE_LABELS, tcpConnections } from './ladder';
import { TcpConversation, udpPacket } from './packet-fixtures';

const ECHO: ServerInfo = {
  id: 'echo',
  kind: 'tcp-echo',
  title: 'TCP echo server',
  transport: 'tcp',
  host: '127.0.0.1',
  port: 20417,
};

function ladderOf(conversation: TcpConversation): Ladder {
  const [connection] = tcpConnections(conversation.packets, [ECHO]);
  assert.ok(connection);
  return buildLadder(connection);
}

const phases = (ladder: Ladder): string[] => ladder.phases.map((p) => `${p.kind}:${p.first}-${p.last}`);

describe('ladder', () => {
  it('labels a whole echo exchange and brackets handshake, data and teardown', () => {
    const ladder = ladderOf(new TcpConversation().handshake().data('client', 'Hello,world!').teardown());
    assert.deepEqual(
      ladder.arrows.map((arrow) => arrow.label),
      [
        'SYN seq=0',
        'SYN,ACK seq=0 ack=1',
        'ACK seq=1 ack=1',
        'PSH,ACK seq=1 ack=1 len=12',
        'ACK seq=1 ack=13',
        'FIN,ACK seq=13 ack=1',
        'FIN,ACK seq=1 ack=14',
        'ACK seq=14 ack=2',
      ],
    );
    assert.deepEqual(
      ladder.arrows.map((arrow) => arrow.direction),
      ['to-server', 'from-server', 'to-server', 'to-server', 'from-server', 'to-server', 'from-server', 'to-server'],
    );
    assert.deepEqual(phases(ladder), ['handshake:0-2', 'data:3-4', 'teardown:5-7']);
    assert.equal(ladder.connection.client, '127.0.0.1:54122');
    assert.equal(ladder.connection.server, '127.0.0.1:20417');
    assert.equal(ladder.connection.serverId, 'echo');
  });

  it('shows a refused connection as a handshake that ended in a reset', () => {
    const ladder = ladderOf(new TcpConversation().send('client', 'SYN').send('server', 'RST,ACK'));
    assert.deepEqual(
      ladder.arrows.map((arrow) => arrow.label),
      ['SYN seq=0', 'RST,ACK seq=0 ack=1'],
    );
    assert.deepEqual(phases(ladder), ['handshake:0-0', 'reset:1-1']);
  });

  it('keeps a retransmitted SYN inside the handshake', () => {
    const ladder = ladderOf(new TcpConversation().send('client', 'SYN').retransmit('client').handshakeRest());
    assert.deepEqual(phases(ladder), ['handshake:0-3']);
  });

  it('ends with a reset in the middle of the data, and a reset after a FIN gets its own bracket', () => {
    const reset = ladderOf(new TcpConversation().handshake().data('client', 'hi').send('server', 'RST'));
    assert.deepEqual(phases(reset), ['handshake:0-2', 'data:3-4', 'reset:5-5']);
    assert.equal(reset.arrows[5]?.label, 'RST seq=1');
    const both = ladderOf(new TcpConversation().handshake().send('client', 'FIN,ACK').send('server', 'RST'));
    assert.deepEqual(phases(both), ['handshake:0-2', 'teardown:3-3', 'reset:4-4']);
  });

  it('has no handshake bracket when the capture missed the SYN', () => {
    const whole = new TcpConversation().handshake().data('client', 'abc').teardown();
    whole.packets.splice(0, 3);
    const ladder = ladderOf(whole);
    assert.deepEqual(phases(ladder), ['data:0-1', 'teardown:2-4']);
    const late = new TcpConversation().handshake().data('client', 'abc');
    late.packets.shift();
    assert.deepEqual(phases(ladderOf(late)), ['handshake:0-1', 'data:2-3']);
  });

  it('names the phases in the lessons’ words, in English and in Chinese', () => {
    assert.deepEqual(
      Object.values(PHASE_LABELS).map((label) => label['zh-Hans']),
      ['三次握手', '数据', '四次挥手', '复位'],
    );
    assert.equal(PHASE_LABELS.handshake.en, 'three-way handshake');
  });

  it('draws only the newest arrows of a long connection, cutting the phases to them', () => {
    const long = new TcpConversation().handshake();
    for (let i = 0; i < 5; i++) long.data('client', `m${i}`);
    long.teardown();
    const [connection] = tcpConnections(long.packets, [ECHO]);
    const ladder = buildLadder(connection!, 6);
    assert.equal(ladder.hidden, 10);
    assert.equal(ladder.arrows.length, 6);
    assert.equal(ladder.arrows[0]?.label, 'ACK seq=1 ack=9');
    assert.deepEqual(
      ladder.phases.map((p) => `${p.kind}:${p.first}-${p.last}${p.continued === true ? '…' : ''}`),
      ['data:0-2…', 'teardown:3-5'],
    );
  });

  it('finds the server end by port even when the first packet comes from it, and the latest connection', () => {
    const first = new TcpConversation({ connection: 4, firstId: 1 }).handshake();
    first.packets.shift();
    const second = new TcpConversation({
      connection: 5,
      firstId: 10,
      client: { host: '127.0.0.1', port: 54200 },
    }).handshake().packets;
    const udp = udpPacket(20, 1, 'x', { host: '127.0.0.1', port: 1 }, { host: '127.0.0.1', port: 2 });
    const connections = tcpConnections([...first.packets, ...second, udp], [ECHO]);
    assert.deepEqual(
      connections.map((c) => `${c.connection} ${c.client} → ${c.server}`),
      ['4 127.0.0.1:54122 → 127.0.0.1:20417', '5 127.0.0.1:54200 → 127.0.0.1:20417'],
    );
    assert.equal(latestConnection(connections)?.connection, 5);
    assert.equal(latestConnection([]), undefined);
    // Without server information the SYN's destination is the server.
    assert.equal(tcpConnections(second, [])[0]?.server, '127.0.0.1:20417');
  });
});

describe('flow graph', () => {
  const conversation = (connection: number, port: number, firstId: number) =>
    new TcpConversation({ connection, firstId, client: { host: '127.0.0.1', port } });

  it('gives each connection’s client a column, the server one, and the packets in capture order', () => {
    const first = conversation(1, 50001, 1).handshake().data('client', 'hi').teardown();
    const second = conversation(2, 50002, 4).handshake();
    const third = conversation(3, 50003, 20).send('client', 'SYN').send('server', 'RST,ACK');
    const graph = buildFlowGraph(tcpConnections([...first.packets, ...second.packets, ...third.packets], [ECHO]));
    assert.deepEqual(
      graph.columns.map((column) => `${column.role} ${column.address} ${column.connection ?? column.serverId}`),
      [
        'client 127.0.0.1:50001 1',
        'client 127.0.0.1:50002 2',
        'client 127.0.0.1:50003 3',
        'server 127.0.0.1:20417 echo',
      ],
    );
    const ids = graph.arrows.map((arrow) => arrow.packet.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'capture order across connections',
    );
    const synOfSecond = graph.arrows.find((arrow) => arrow.connection === 2)!;
    assert.deepEqual([synOfSecond.from, synOfSecond.to, synOfSecond.label], [1, 3, 'SYN seq=0']);
    const reset = graph.arrows.find((arrow) => arrow.label.startsWith('RST'))!;
    assert.deepEqual([reset.from, reset.to, reset.connection], [3, 2, 3]);
    assert.equal(graph.hiddenArrows, 0);
    assert.equal(graph.hiddenConnections, 0);
  });

  it('draws the newest connections and packets when there are too many', () => {
    const packets = Array.from(
      { length: 5 },
      (_, i) => conversation(i + 1, 50001 + i, 1 + i * 10).handshake().packets,
    ).flat();
    const graph = buildFlowGraph(tcpConnections(packets, [ECHO]), 3, 4);
    assert.deepEqual(
      graph.columns.filter((column) => column.role === 'client').map((column) => column.connection),
      [3, 4, 5],
    );
    assert.equal(graph.hiddenConnections, 2);
    assert.equal(graph.arrows.length, 4);
    assert.equal(graph.hiddenArrows, 5);
  });

  it('is empty without TCP connections', () => {
    assert.deepEqual(buildFlowGraph([]), { columns: [], arrows: [], hiddenArrows: 0, hiddenConnections: 0 });
  });
});

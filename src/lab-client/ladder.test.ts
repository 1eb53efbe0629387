/**
 * Tests of the ladder model: connections and UDP flows and their ends, arrow labels, the phases of a connection
 * (none for a flow), and the flow graph.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Packet, ServerEvent, ServerInfo } from '../protocol';
import {
  buildFlowGraph,
  buildLadder,
  byFirstPacket,
  type Ladder,
  ladderLabel,
  latestConnection,
  PHASE_LABELS,
  tcpConnections,
  udpFlows,
} from './ladder';
import { type Endpoint, TcpConversation, udpPacket } from './packet-fixtures';

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

describe('UDP flows', () => {
  const UDP_ECHO: ServerInfo = {
    id: 'echo',
    kind: 'udp-echo',
    title: 'UDP echo server',
    transport: 'udp',
    host: '127.0.0.1',
    port: 40123,
  };
  const server: Endpoint = { host: '127.0.0.1', port: UDP_ECHO.port };
  const client = (port: number): Endpoint => ({ host: '127.0.0.1', port });
  /** The server's `receive` of a flow's first datagram, numbered as the session numbers it. */
  const received = (seq: number, connection: number, peer: string, serverId = 'echo'): ServerEvent => ({
    seq,
    time: seq,
    server: serverId,
    connection,
    kind: 'receive',
    peer,
    bytes: 12,
  });

  /** A datagram from `from` and its echo, ids `id` and `id + 1`. */
  const echoed = (id: number, text: string, from: Endpoint): Packet[] => [
    udpPacket(id, 100 + id, text, from, server),
    udpPacket(id + 1, 100 + id + 0.0001, text, server, from),
  ];

  it('makes one flow per client port, with its datagrams each way and no phases', () => {
    const packets = [
      ...echoed(1, 'Hello,world!', client(50001)),
      ...echoed(3, 'Hi', client(50001)),
      ...echoed(5, 'Hello,world!', client(50002)),
    ];
    const events = [received(1, 1, '127.0.0.1:50001'), received(3, 2, '127.0.0.1:50002')];
    const flows = udpFlows(packets, [UDP_ECHO], events);
    assert.deepEqual(
      flows.map((f) => `${f.transport} #${f.connection} ${f.client} → ${f.server} ${f.serverId} ${f.packets.length}`),
      ['udp #1 127.0.0.1:50001 → 127.0.0.1:40123 echo 4', 'udp #2 127.0.0.1:50002 → 127.0.0.1:40123 echo 2'],
    );
    const ladder = buildLadder(flows[0]!);
    assert.deepEqual(
      ladder.arrows.map((arrow) => `${arrow.direction} ${arrow.label}`),
      [
        'to-server UDP Len=12 "Hello,world!"',
        'from-server UDP Len=12 "Hello,world!"',
        'to-server UDP Len=2 "Hi"',
        'from-server UDP Len=2 "Hi"',
      ],
    );
    assert.deepEqual(ladder.phases, [], 'no handshake, no teardown');
    assert.equal(latestConnection(flows)?.connection, 2);
  });

  it('shows a datagram that got no echo alone, and finds the client when the capture begins with an echo', () => {
    const lost = udpPacket(1, 100, 'Hello,world!', client(50001), server);
    const late = udpPacket(2, 101, 'Hi', server, client(50002));
    const flows = udpFlows([lost, late], [UDP_ECHO], []);
    assert.deepEqual(
      flows.map((f) => `${f.client} → ${f.server}`),
      ['127.0.0.1:50001 → 127.0.0.1:40123', '127.0.0.1:50002 → 127.0.0.1:40123'],
    );
    assert.deepEqual(
      buildLadder(flows[0]!).arrows.map((arrow) => arrow.direction),
      ['to-server'],
    );
    assert.deepEqual(
      buildLadder(flows[1]!).arrows.map((arrow) => arrow.direction),
      ['from-server'],
    );
    // Without server information the first datagram's destination is the server.
    assert.equal(udpFlows([late], [], [])[0]?.server, '127.0.0.1:50002');
  });

  it('numbers a flow the server has not read after every number known, until an event names it', () => {
    const packets = [...echoed(1, 'a', client(50001)), udpPacket(3, 103, 'b', client(50002), server)];
    const before = udpFlows(packets, [UDP_ECHO], [received(1, 4, '127.0.0.1:50001')]);
    assert.deepEqual(
      before.map((f) => f.connection),
      [4, 5],
    );
    const after = udpFlows(packets, [UDP_ECHO], [received(1, 4, '127.0.0.1:50001'), received(2, 6, '127.0.0.1:50002')]);
    assert.deepEqual(
      after.map((f) => f.connection),
      [4, 6],
    );
    // Another server's flow from the same client port is not this one.
    assert.deepEqual(
      udpFlows(packets, [UDP_ECHO], [received(1, 3, '127.0.0.1:50001', 'other')]).map((f) => f.connection),
      [4, 5],
    );
  });

  it('puts TCP connections and UDP flows of one lab in one list by their first packet, numbers unique', () => {
    const tcp = new TcpConversation({ connection: 1, firstId: 1 }).handshake().data('client', 'hi');
    const datagrams = [...echoed(10, 'Hello,world!', client(50001)), udpPacket(12, 112, 'x', client(50002), server)];
    const later = new TcpConversation({ connection: 3, firstId: 20, client: client(54200) }).handshake();
    const packets = [...tcp.packets, ...datagrams, ...later.packets];
    const servers = [ECHO, UDP_ECHO];
    // The session numbered the first flow #2 (after TCP #1); the second flow's datagram was not read yet.
    const flows = udpFlows(packets, servers, [received(1, 2, '127.0.0.1:50001')]);
    const all = byFirstPacket(tcpConnections(packets, servers), flows);
    assert.deepEqual(
      all.map((c) => `${c.transport} #${c.connection} ${c.serverId}`),
      ['tcp #1 echo', 'udp #2 echo', 'udp #4 echo', 'tcp #3 echo'],
    );
    assert.equal(new Set(all.map((c) => c.connection)).size, all.length, 'one number each');
    assert.deepEqual(phases(buildLadder(all[0]!)), ['handshake:0-2', 'data:3-4']);
    assert.deepEqual(phases(buildLadder(all[1]!)), []);
    // The flow graph draws both kinds, each datagram labelled as on the ladder.
    const graph = buildFlowGraph(all);
    assert.deepEqual(
      graph.columns.map((column) => `${column.role} ${column.address}`),
      [
        'client 127.0.0.1:54122',
        'client 127.0.0.1:50001',
        'client 127.0.0.1:50002',
        'client 127.0.0.1:54200',
        'server 127.0.0.1:20417',
        'server 127.0.0.1:40123',
      ],
    );
    const echo = graph.arrows.find((arrow) => arrow.packet.id === 11)!;
    assert.deepEqual([echo.from, echo.to, echo.connection, echo.label], [5, 1, 2, 'UDP Len=12 "Hello,world!"']);
  });

  it('quotes a datagram’s start as text, escaped, cut on a whole escape', () => {
    const label = (text: string | Uint8Array): string => {
      const packet = udpPacket(1, 1, '', client(50001), server);
      const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
      const hex = Buffer.from(bytes).toString('hex');
      return ladderLabel({ ...packet, payload: { hex, length: bytes.length, truncated: false } });
    };
    assert.equal(label(''), 'UDP Len=0');
    assert.equal(label('<script>alert(1)</script>'), 'UDP Len=25 "<script>alert(1)</script"...');
    assert.equal(label('say "hi"\r\n'), 'UDP Len=10 "say \\"hi\\"\\r\\n"');
    assert.equal(label(Uint8Array.of(1, 3, 0, 0, 0, 10, 0xc5, 0xcd)), 'UDP Len=8 "\\x01\\x03\\x00\\x00\\x00\\n"...');
    // Only part of the payload captured: the label says there is more.
    const cut = udpPacket(1, 1, 'abc', client(50001), server);
    assert.equal(
      ladderLabel({ ...cut, payload: { ...cut.payload, length: 3000, truncated: true } }),
      'UDP Len=3000 "abc"...',
    );
  });
});

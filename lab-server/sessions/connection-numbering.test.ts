/**
 * The session's connection numbers: #1, #2 … whatever the capture's global numbers are, the same number for a
 * connection's packets and its server events in either order of arrival, a new number for a client port used
 * again, and nothing else of a packet changed.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TcpConversation, udpPacket } from '../../src/lab-client/packet-fixtures';
import type { Packet } from '../../src/protocol';
import { ConnectionNumbering } from './connection-numbering';

const SERVER = { host: '127.0.0.1', port: 20417 };
const PORTS = [SERVER.port];

function conversation(captureConnection: number, clientPort: number): Packet[] {
  return new TcpConversation({
    connection: captureConnection,
    client: { host: '127.0.0.1', port: clientPort },
    server: SERVER,
  }).handshake().packets;
}

const accept = (connection: number, clientPort: number) => ({
  server: 'echo',
  connection,
  peer: `127.0.0.1:${clientPort}`,
});

describe('ConnectionNumbering', () => {
  it('numbers connections from 1 in the session, whatever the capture calls them', () => {
    const numbering = new ConnectionNumbering();
    const first = conversation(10, 50001).map((p) => numbering.packet(p, PORTS));
    const second = conversation(17, 50002).map((p) => numbering.packet(p, PORTS));
    assert.deepEqual(
      first.map((p) => p.tcp?.connection),
      [1, 1, 1],
    );
    assert.deepEqual(
      second.map((p) => p.tcp?.connection),
      [2, 2, 2],
    );
  });

  it('changes nothing but the connection number', () => {
    const numbering = new ConnectionNumbering();
    const [syn] = conversation(10, 50001);
    const numbered = numbering.packet(syn!, PORTS);
    assert.deepEqual({ ...numbered, tcp: { ...numbered.tcp!, connection: 10 } }, syn);
    assert.equal(syn!.tcp!.connection, 10, 'the capture’s packet is not mutated');
    const udp = udpPacket(3, 1, 'hi', { host: '127.0.0.1', port: 5000 }, SERVER);
    assert.equal(numbering.packet(udp, PORTS), udp);
  });

  it('gives a server event the number of the captured connection it belongs to', () => {
    const numbering = new ConnectionNumbering();
    for (const packet of conversation(40, 50001)) numbering.packet(packet, PORTS);
    for (const packet of conversation(41, 50002)) numbering.packet(packet, PORTS);
    assert.equal(numbering.event(accept(1, 50002), SERVER.port), 2, 'the server’s first connection is #2 here');
    assert.equal(numbering.event({ server: 'echo', connection: 1 }, SERVER.port), 2, 'later events too');
    assert.equal(numbering.event(accept(2, 50001), SERVER.port), 1);
  });

  it('gives packets the number of the accept that arrived before them', () => {
    const numbering = new ConnectionNumbering();
    assert.equal(numbering.event(accept(1, 50001), SERVER.port), 1);
    assert.equal(numbering.event(accept(2, 50002), SERVER.port), 2);
    const second = conversation(99, 50002).map((p) => numbering.packet(p, PORTS).tcp?.connection);
    const first = conversation(98, 50001).map((p) => numbering.packet(p, PORTS).tcp?.connection);
    assert.deepEqual(second, [2, 2, 2]);
    assert.deepEqual(first, [1, 1, 1]);
  });

  it('gives a client port used again a new number, and keeps the old one for late packets', () => {
    const numbering = new ConnectionNumbering();
    numbering.event(accept(1, 50001), SERVER.port);
    const [old] = conversation(5, 50001);
    assert.equal(numbering.packet(old!, PORTS).tcp?.connection, 1);
    numbering.event(accept(2, 50001), SERVER.port);
    const [again] = conversation(6, 50001);
    assert.equal(numbering.packet(again!, PORTS).tcp?.connection, 2);
    assert.equal(numbering.packet(old!, PORTS).tcp?.connection, 1, 'a late packet of the first connection');
  });

  it('links an accept to the newest captured connection from its endpoint', () => {
    const numbering = new ConnectionNumbering();
    // A SYN nobody accepted (the backlog was full, say), then a new connection from the same port.
    numbering.packet(conversation(5, 50001)[0]!, PORTS);
    numbering.packet(conversation(6, 50001)[0]!, PORTS);
    assert.equal(numbering.event(accept(1, 50001), SERVER.port), 2);
  });

  it('keeps 0 for the listening socket, and numbers an event without a peer on its own', () => {
    const numbering = new ConnectionNumbering();
    assert.equal(numbering.event({ server: 'echo', connection: 0 }, SERVER.port), 0);
    assert.equal(numbering.event({ server: 'echo', connection: 3 }, SERVER.port), 1);
    assert.equal(numbering.packet(conversation(7, 50001)[0]!, PORTS).tcp?.connection, 2);
  });

  it('tells servers apart: the same connection number on two servers is two connections', () => {
    const numbering = new ConnectionNumbering();
    assert.equal(numbering.event(accept(1, 50001), SERVER.port), 1);
    assert.equal(numbering.event({ server: 'other', connection: 1, peer: '127.0.0.1:50009' }, 20418), 2);
  });

  it('matches an IPv6 client and a server reply by the client end', () => {
    const numbering = new ConnectionNumbering();
    assert.equal(numbering.event({ server: 'echo', connection: 1, peer: '[::1]:50003' }, SERVER.port), 1);
    const packets = new TcpConversation({ connection: 3, client: { host: '::1', port: 50003 }, server: SERVER })
      .handshake()
      .packets.slice(1);
    assert.deepEqual(
      packets.map((p) => numbering.packet(p, PORTS).tcp?.connection),
      [1, 1],
      'the SYN-ACK comes first',
    );
  });
});

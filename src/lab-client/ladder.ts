/**
 * The model behind the ladder diagram: the session's TCP connections and UDP flows (which end is the lab server,
 * which the client), one arrow per packet with a label in the form lessons use (`SYN seq=0`,
 * `SYN,ACK seq=0 ack=1`, `PSH,ACK seq=1 ack=1 len=12`, and for a datagram `UDP Len=12 "Hello,world!"`), and the
 * phases of a connection's life: the three-way handshake (RFC 9293 §3.5), the data, and the end, either a FIN
 * teardown (§3.6) or a reset (§3.5.2). A UDP flow has no phases: RFC 768 sets nothing up and tears nothing down.
 * And the flow graph, Wireshark's Statistics → Flow Graph: every connection at once, each client endpoint a
 * column of its own, so a student who connected three times sees the three over time. Pure functions of the
 * packets, so the components only draw, and tests can check every rule.
 */

import { type Localized, localized } from '../common/localized';
import {
  formatHostPort,
  hasTcpFlag,
  type Packet,
  type PacketDirection,
  packetDirection,
  quoteBytes,
  type ServerEvent,
  type ServerInfo,
  type TransportProtocol,
} from '../protocol';
import { payloadBytes } from './packet-format';

const TEXT = localized({
  en: { handshake: 'three-way handshake', data: 'data', teardown: 'teardown', reset: 'reset' },
  'zh-Hans': { handshake: '三次握手', data: '数据', teardown: '四次挥手', reset: '复位' },
});

export interface LadderConnection {
  /** A TCP connection, or a UDP flow: the datagrams between one client address and port and a server's port. */
  readonly transport: TransportProtocol;
  /**
   * The session's number: a TCP connection's `tcp.connection`, a UDP flow's as the server's timeline numbers it
   * (see `udpFlows`): `#2` in every view. Numbers are unique among a session's connections and flows together.
   */
  readonly connection: number;
  /** The other end, `127.0.0.1:54122`. */
  readonly client: string;
  /** The lab server's end, `127.0.0.1:20417`. */
  readonly server: string;
  readonly serverPort: number;
  /** The lab server's id (`echo`) when the port is one of the session's servers. */
  readonly serverId: string | undefined;
  /** This connection's packets, in capture order. */
  readonly packets: readonly Packet[];
}

/**
 * The TCP connections among `packets`, ordered by their first packet. The server end is the one whose port
 * belongs to a lab server; failing that (it should not happen for a session's own packets), the end the first
 * SYN went to, or the destination of the first packet.
 */
export function tcpConnections(packets: readonly Packet[], servers: readonly ServerInfo[]): LadderConnection[] {
  const byConnection = new Map<number, Packet[]>();
  for (const packet of packets) {
    if (packet.tcp === undefined) continue;
    const list = byConnection.get(packet.tcp.connection);
    if (list === undefined) byConnection.set(packet.tcp.connection, [packet]);
    else list.push(packet);
  }
  const serverByPort = new Map(servers.map((server) => [server.port, server]));
  const connections: LadderConnection[] = [];
  for (const [connection, list] of byConnection) {
    const first = list[0]!;
    const serverPort = pickServerPort(list, serverByPort);
    const toServer = packetDirection(first, serverPort) !== 'from-server';
    const server = toServer ? formatHostPort(first.dst, first.dstPort) : formatHostPort(first.src, first.srcPort);
    const client = toServer ? formatHostPort(first.src, first.srcPort) : formatHostPort(first.dst, first.dstPort);
    connections.push({
      transport: 'tcp',
      connection,
      client,
      server,
      serverPort,
      serverId: serverByPort.get(serverPort)?.id,
      packets: list,
    });
  }
  // Map keeps insertion order, which is the order of each connection's first packet.
  return connections;
}

function pickServerPort(packets: readonly Packet[], serverByPort: ReadonlyMap<number, ServerInfo>): number {
  const first = packets[0]!;
  if (serverByPort.has(first.dstPort)) return first.dstPort;
  if (serverByPort.has(first.srcPort)) return first.srcPort;
  const syn = packets.find((packet) => hasTcpFlag(packet, 'SYN') && !hasTcpFlag(packet, 'ACK'));
  return (syn ?? first).dstPort;
}

/**
 * The UDP flows among `packets`, ordered by their first datagram: one per client address and port and server
 * port, as the lab's UDP servers count their flows. The server end is the port of a lab server, or failing that
 * the destination of the flow's first datagram. A flow's number is the one the session gave the server's
 * flow, read from the server's events (`receive` names the peer), so the ladder, the flow graph and the server
 * timeline say the same `#3`. A flow the server has not numbered (a datagram it has not read yet, one that came
 * while it was down, or events the page no longer holds) is numbered after every number the page knows, in
 * the order such flows began, until an event names it: numbers stay unique among connections and flows.
 */
export function udpFlows(
  packets: readonly Packet[],
  servers: readonly ServerInfo[],
  events: readonly ServerEvent[],
): LadderConnection[] {
  const serverByPort = new Map<number, ServerInfo>();
  // A UDP server's port first: a TCP server may listen on the same number.
  for (const server of servers) if (server.transport === 'udp') serverByPort.set(server.port, server);
  for (const server of servers) if (!serverByPort.has(server.port)) serverByPort.set(server.port, server);

  interface Flow {
    readonly client: string;
    readonly server: string;
    readonly serverPort: number;
    readonly packets: Packet[];
  }
  const flows = new Map<string, Flow>();
  let highest = 0;
  for (const packet of packets) {
    if (packet.tcp !== undefined) highest = Math.max(highest, packet.tcp.connection);
    if (packet.protocol !== 'udp') continue;
    const source = formatHostPort(packet.src, packet.srcPort);
    const destination = formatHostPort(packet.dst, packet.dstPort);
    // Both directions of a flow share one key: its two ends, in a fixed order.
    const key = source < destination ? `${source} ${destination}` : `${destination} ${source}`;
    const flow = flows.get(key);
    if (flow !== undefined) {
      flow.packets.push(packet);
      continue;
    }
    const fromServer = !serverByPort.has(packet.dstPort) && serverByPort.has(packet.srcPort);
    flows.set(key, {
      client: fromServer ? destination : source,
      server: fromServer ? source : destination,
      serverPort: fromServer ? packet.srcPort : packet.dstPort,
      packets: [packet],
    });
  }

  const numbered = new Map<string, number>();
  for (const event of events) {
    highest = Math.max(highest, event.connection);
    if (event.connection > 0 && event.peer !== undefined)
      numbered.set(`${event.server} ${event.peer}`, event.connection);
  }
  return [...flows.values()].map((flow) => {
    const serverId = serverByPort.get(flow.serverPort)?.id;
    const connection = (serverId === undefined ? undefined : numbered.get(`${serverId} ${flow.client}`)) ?? ++highest;
    return { transport: 'udp', connection, ...flow, serverId };
  });
}

/** Connections and flows in one list, ordered by their first packet, as the ladder's picker offers them. */
export function byFirstPacket(...lists: readonly (readonly LadderConnection[])[]): LadderConnection[] {
  return lists.flat().sort((a, b) => a.packets[0]!.id - b.packets[0]!.id);
}

/** The connection the ladder shows unless the student picked another: the one with the newest packet. */
export function latestConnection(connections: readonly LadderConnection[]): LadderConnection | undefined {
  let latest: LadderConnection | undefined;
  for (const connection of connections) {
    const last = connection.packets[connection.packets.length - 1]!.id;
    if (latest === undefined || last > latest.packets[latest.packets.length - 1]!.id) latest = connection;
  }
  return latest;
}

/**
 * `SYN seq=0`, `SYN,ACK seq=0 ack=1`, `PSH,ACK seq=1 ack=1 len=12`, `RST seq=13`; the ack only with ACK set. A
 * datagram as Wireshark's flow graph labels it, `UDP Len=12`, with its payload's start quoted.
 */
export function ladderLabel(packet: Packet): string {
  const tcp = packet.tcp;
  if (tcp === undefined) {
    const label = `${packet.protocol.toUpperCase()} Len=${packet.payload.length}`;
    return packet.payload.length === 0 ? label : `${label} ${quotedStart(packet)}`;
  }
  let label = `${tcp.flagNames === '' ? '<none>' : tcp.flagNames} seq=${tcp.seq}`;
  if (hasTcpFlag(packet, 'ACK')) label += ` ack=${tcp.ack}`;
  if (tcp.len > 0) label += ` len=${tcp.len}`;
  return label;
}

/** How many characters of quoted payload a datagram's label holds: about what fits along an arrow. */
const LABEL_QUOTE_CHARS = 24;

/**
 * The payload's first bytes quoted as the shell and the packet list quote them (`"Hello,world!\n"`, `\xNN` for
 * a byte that is not printable ASCII), whole escapes only, `...` after it when there is more. A string for SVG
 * text: the page writes it as text, so a `<script>` in a datagram is those characters.
 */
function quotedStart(packet: Packet): string {
  let inside = '';
  let shown = 0;
  for (const byte of payloadBytes(packet)) {
    const escaped = quoteBytes(Uint8Array.of(byte)).slice(1, -1);
    if (inside.length + escaped.length > LABEL_QUOTE_CHARS) break;
    inside += escaped;
    shown++;
  }
  return `"${inside}"${shown < packet.payload.length ? '...' : ''}`;
}

export interface LadderArrow {
  readonly packet: Packet;
  readonly direction: PacketDirection;
  readonly label: string;
}

export type LadderPhaseKind = 'handshake' | 'data' | 'teardown' | 'reset';

export const PHASE_LABELS: Record<LadderPhaseKind, Localized> = {
  handshake: TEXT.handshake,
  data: TEXT.data,
  teardown: TEXT.teardown,
  reset: TEXT.reset,
};

export interface LadderPhase {
  readonly kind: LadderPhaseKind;
  /** Index of the phase's first arrow. */
  readonly first: number;
  /** Index of its last arrow (inclusive). */
  readonly last: number;
  /** True when the phase began before the first arrow shown (a long connection, shown from its end). */
  readonly continued?: boolean;
}

/** Most arrows drawn for one connection: a flood of thousands of segments draws as its newest ones. */
const MAX_LADDER_ARROWS = 300;

export interface Ladder {
  readonly connection: LadderConnection;
  /** The arrows drawn: the connection's newest `maxArrows` packets. */
  readonly arrows: readonly LadderArrow[];
  /** The phases, as indices into `arrows`. */
  readonly phases: readonly LadderPhase[];
  /** How many older packets of the connection are not drawn. */
  readonly hidden: number;
}

export function buildLadder(connection: LadderConnection, maxArrows = MAX_LADDER_ARROWS): Ladder {
  const all = connection.packets.map(
    (packet): LadderArrow => ({
      packet,
      direction: packetDirection(packet, connection.serverPort) ?? 'to-server',
      label: ladderLabel(packet),
    }),
  );
  const hidden = Math.max(0, all.length - maxArrows);
  // Phases are found on the whole connection, then cut to what is drawn. RFC 768: a UDP flow has none.
  const phases = (connection.transport === 'udp' ? [] : ladderPhases(all)).flatMap((phase): LadderPhase[] => {
    if (phase.last < hidden) return [];
    if (phase.first >= hidden) return [{ ...phase, first: phase.first - hidden, last: phase.last - hidden }];
    return [{ ...phase, first: 0, last: phase.last - hidden, continued: true }];
  });
  return { connection, arrows: hidden > 0 ? all.slice(hidden) : all, phases, hidden };
}

/**
 * Brackets the arrows into phases. The handshake runs from the first SYN to the client's first ACK after the
 * server's SYN-ACK (or as far as it got: a SYN answered by RST is a handshake that failed). The end starts at
 * the first FIN (teardown) or RST (reset); a reset after a FIN starts its own phase. What lies between is data.
 * A connection whose SYN the capture missed has no handshake phase.
 */
function ladderPhases(arrows: readonly LadderArrow[]): LadderPhase[] {
  const n = arrows.length;
  if (n === 0) return [];
  const has = (i: number, flag: string): boolean => hasTcpFlag(arrows[i]!.packet, flag);

  let handshakeEnd = -1;
  if (has(0, 'SYN')) {
    handshakeEnd = 0;
    // The capture may have missed the client's SYN and caught the SYN-ACK first.
    let synAck: PacketDirection | undefined = has(0, 'ACK') ? arrows[0]!.direction : undefined;
    for (let i = 1; i < n; i++) {
      if (has(i, 'RST') || has(i, 'FIN')) break;
      if (has(i, 'SYN')) {
        handshakeEnd = i;
        if (has(i, 'ACK')) synAck = arrows[i]!.direction;
        continue;
      }
      // The first ACK that answers the SYN-ACK (it goes the other way) completes the handshake.
      if (synAck !== undefined && has(i, 'ACK') && arrows[i]!.direction !== synAck) handshakeEnd = i;
      break;
    }
  }

  let finAt = -1;
  let rstAt = -1;
  for (let i = handshakeEnd + 1; i < n; i++) {
    if (finAt === -1 && has(i, 'FIN')) finAt = i;
    if (rstAt === -1 && has(i, 'RST')) rstAt = i;
  }
  // A segment with both FIN and RST ends the connection at once: it counts as a reset.
  const tearsDown = finAt !== -1 && (rstAt === -1 || finAt < rstAt);
  const endAt = tearsDown ? finAt : rstAt;

  const phases: LadderPhase[] = [];
  if (handshakeEnd >= 0) phases.push({ kind: 'handshake', first: 0, last: handshakeEnd });
  const dataLast = (endAt === -1 ? n : endAt) - 1;
  if (dataLast > handshakeEnd) phases.push({ kind: 'data', first: handshakeEnd + 1, last: dataLast });
  if (tearsDown) {
    phases.push({ kind: 'teardown', first: finAt, last: (rstAt > finAt ? rstAt : n) - 1 });
  }
  if (rstAt !== -1) phases.push({ kind: 'reset', first: rstAt, last: n - 1 });
  return phases;
}

// ---------------------------------------------------------------- flow graph

export interface FlowColumn {
  /** `127.0.0.1:54122`. */
  readonly address: string;
  readonly role: 'client' | 'server';
  /** For a client column: its connection's number. */
  readonly connection?: number;
  /** For a server column: the lab server's id, when it is one of the session's. */
  readonly serverId?: string;
}

export interface FlowArrow {
  readonly packet: Packet;
  /** The session's number of the packet's connection. */
  readonly connection: number;
  /** Column indices. */
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

export interface FlowGraph {
  /** The clients' columns, one per connection in the order they began, then the servers'. */
  readonly columns: readonly FlowColumn[];
  /** Every packet of the connections shown, in capture order: the newest `maxArrows` of them. */
  readonly arrows: readonly FlowArrow[];
  /** Older packets of those connections not drawn. */
  readonly hiddenArrows: number;
  /** Older connections not drawn, so that the columns stay readable. */
  readonly hiddenConnections: number;
}

/** Most connections drawn side by side: beyond that the newest ones are shown. */
const MAX_FLOW_CONNECTIONS = 8;

export function buildFlowGraph(
  connections: readonly LadderConnection[],
  maxConnections = MAX_FLOW_CONNECTIONS,
  maxArrows = MAX_LADDER_ARROWS,
): FlowGraph {
  // The newest connections by their last packet, drawn in the order they began.
  const newest = [...connections]
    .sort((a, b) => a.packets[a.packets.length - 1]!.id - b.packets[b.packets.length - 1]!.id)
    .slice(-maxConnections);
  const shown = connections.filter((connection) => newest.includes(connection));
  const columns: FlowColumn[] = shown.map((c) => ({ address: c.client, role: 'client', connection: c.connection }));
  const serverColumn = new Map<string, number>();
  for (const connection of shown) {
    if (serverColumn.has(connection.server)) continue;
    serverColumn.set(connection.server, columns.length);
    columns.push({
      address: connection.server,
      role: 'server',
      ...(connection.serverId === undefined ? {} : { serverId: connection.serverId }),
    });
  }
  const all: FlowArrow[] = [];
  shown.forEach((connection, index) => {
    const server = serverColumn.get(connection.server)!;
    for (const packet of connection.packets) {
      const toServer = packetDirection(packet, connection.serverPort) !== 'from-server';
      all.push({
        packet,
        connection: connection.connection,
        from: toServer ? index : server,
        to: toServer ? server : index,
        label: ladderLabel(packet),
      });
    }
  });
  all.sort((a, b) => a.packet.id - b.packet.id);
  const hiddenArrows = Math.max(0, all.length - maxArrows);
  return {
    columns,
    arrows: hiddenArrows > 0 ? all.slice(hiddenArrows) : all,
    hiddenArrows,
    hiddenConnections: connections.length - shown.length,
  };
}

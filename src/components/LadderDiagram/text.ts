/**
 * What the ladder diagram says around its segment labels, in every language of the course. The labels
 * (`SYN,ACK seq=0 ack=1`, `UDP Len=12 "Hello,world!"`) are the protocols' own tokens and stay as they are; the
 * flow graph shares the ends' names, the time axis and the note on hidden packets. Where a lab's servers speak
 * UDP the texts say flow, as the UDP lesson does, and that a flow has no handshake and no teardown.
 */

import { type Localized, localized } from '../../common/localized';
import type { TransportProtocol } from '../../protocol';

export const TEXT = localized({
  en: {
    time: 'time (s)',
    client: 'client',
    server: 'server',
    serverId: (id: string) => `server · ${id}`,
    title: (connection: number, client: string, server: string) =>
      `Ladder diagram of connection #${connection}: client ${client}, server ${server}`,
    toServer: 'client to server',
    fromServer: 'server to client',
    arrow: (time: string, direction: string, label: string) => `${time} s, ${direction}: ${label}`,
    badge: (badge: string) => `, ${badge}`,
    udpTitle: (flow: number, client: string, server: string) =>
      `Ladder diagram of UDP flow #${flow}: client ${client}, server ${server}; UDP has no handshake and no teardown`,
    noHandshake: 'UDP: no handshake,',
    noTeardown: 'no teardown',
    empty: 'No TCP connection yet: connect to a server and every segment of the exchange is drawn here.',
    emptyUdp:
      'No datagram yet: send one to the server and every datagram of its flow, either way, is drawn here. UDP has no handshake and no teardown: nothing comes before the first datagram or after the last.',
    emptyBoth:
      'No connection or datagram yet: connect to the TCP server or send a datagram to the UDP one, and every packet of the exchange is drawn here. UDP has no handshake and no teardown: a flow is its datagrams only.',
    views: 'Draw',
    ladder: 'One connection',
    ladderUdp: 'One flow',
    ladderBoth: 'One connection or flow',
    flow: 'All connections (flow graph)',
    flowUdp: 'All flows (flow graph)',
    flowBoth: 'All connections and flows (flow graph)',
    hidden: (shown: number, all: number) => `Showing the last ${shown} of ${all} packets.`,
  },
  'zh-Hans': {
    time: '时间（秒）',
    client: '客户端',
    server: '服务器',
    serverId: (id) => `服务器 · ${id}`,
    title: (connection, client, server) => `连接 #${connection} 的时序图：客户端 ${client}，服务器 ${server}`,
    toServer: '客户端到服务器',
    fromServer: '服务器到客户端',
    arrow: (time, direction, label) => `${time} 秒，${direction}：${label}`,
    badge: (badge) => `，${badge}`,
    udpTitle: (flow, client, server) =>
      `UDP 流 #${flow} 的时序图：客户端 ${client}，服务器 ${server}；UDP 没有三次握手，也没有四次挥手`,
    noHandshake: 'UDP：没有三次握手，',
    noTeardown: '也没有四次挥手',
    empty: '还没有 TCP 连接：连接一个服务器，这次交互的每个报文段都会画在这里。',
    emptyUdp:
      '还没有数据报：向服务器发一个，这个流两个方向上的每个数据报都会画在这里。UDP 没有三次握手，也没有四次挥手：第一个数据报之前、最后一个数据报之后都什么也没有。',
    emptyBoth:
      '还没有连接，也没有数据报：连接 TCP 服务器，或者向 UDP 服务器发一个数据报，这次交互的每个数据包都会画在这里。UDP 没有三次握手，也没有四次挥手：一个流里只有数据报。',
    views: '显示',
    ladder: '单条连接',
    ladderUdp: '单个流',
    ladderBoth: '单条连接或流',
    flow: '所有连接（流图）',
    flowUdp: '所有流（流图）',
    flowBoth: '所有连接和流（流图）',
    hidden: (shown, all) => `只显示了 ${all} 个数据包中的最后 ${shown} 个。`,
  },
});

/** `server`, or `server · echo` when the port is one of the session's lab servers; the flow graph's too. */
export function serverTitle(id: string | undefined): Localized {
  return id === undefined ? TEXT.server : TEXT.serverId(id);
}

/** Which words fit the lab's servers: TCP's connections, UDP's flows, or both. */
export type LadderKinds = 'tcp' | 'udp' | 'both';

export function ladderKinds(transports: readonly TransportProtocol[]): LadderKinds {
  const udp = transports.includes('udp');
  if (!udp) return 'tcp';
  return transports.includes('tcp') ? 'both' : 'udp';
}

/** What the ladder says while it has nothing to draw, and its two views' names, for the lab's servers. */
export const KIND_TEXT: Record<
  LadderKinds,
  { readonly empty: Localized; readonly ladder: Localized; readonly flow: Localized }
> = {
  tcp: { empty: TEXT.empty, ladder: TEXT.ladder, flow: TEXT.flow },
  udp: { empty: TEXT.emptyUdp, ladder: TEXT.ladderUdp, flow: TEXT.flowUdp },
  both: { empty: TEXT.emptyBoth, ladder: TEXT.ladderBoth, flow: TEXT.flowBoth },
};

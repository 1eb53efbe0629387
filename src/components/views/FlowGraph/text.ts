/**
 * What the flow graph says, in every language of the course; the ends' names, the time axis and the note on
 * hidden packets are the ladder's (`LadderDiagram/text.ts`). It speaks of connections for TCP and of flows for
 * UDP, as the UDP lesson does, and of both where the graph draws both; an arrow names its own kind.
 */

import { type Localized, localized } from '../../../common/localized';
import type { FlowArrow, FlowGraph } from '../../../lab-client/ladder';
import type { TransportProtocol } from '../../../protocol';
import { type LadderKinds, ladderKinds } from '../../LadderDiagram/text';

export const TEXT = localized({
  en: {
    empty: 'No TCP connection yet: connect to a server and every connection of the session is drawn here.',
    emptyUdp: 'No datagram yet: send one to a server and every flow of the session is drawn here.',
    emptyBoth:
      'No connection or datagram yet: connect to the TCP server or send a datagram to the UDP one, and every connection and flow of the session is drawn here.',
    title: (n: number) => `Flow graph of ${n} ${n === 1 ? 'connection' : 'connections'}`,
    titleUdp: (n: number) => `Flow graph of ${n} UDP ${n === 1 ? 'flow' : 'flows'}`,
    titleBoth: (n: number) => `Flow graph of ${n} connections and flows`,
    client: (connection: string) => `#${connection} client`,
    hiddenConnections: (n: number) =>
      `${n} older ${n === 1 ? 'connection is' : 'connections are'} left out; the ladder shows any one of them.`,
    hiddenFlows: (n: number) =>
      `${n} older ${n === 1 ? 'flow is' : 'flows are'} left out; the ladder shows any one of them.`,
    hiddenBoth: (n: number) =>
      `${n} older ${n === 1 ? 'connection or flow is' : 'connections and flows are'} left out; the ladder shows any one of them.`,
    arrow: (time: string, connection: number, label: string) => `${time} s, connection #${connection}: ${label}`,
    arrowUdp: (time: string, flow: number, label: string) => `${time} s, flow #${flow}: ${label}`,
  },
  'zh-Hans': {
    empty: '还没有 TCP 连接：连接一个服务器，会话的每条连接都会画在这里。',
    emptyUdp: '还没有数据报：向服务器发一个数据报，会话的每个流都会画在这里。',
    emptyBoth:
      '还没有连接，也没有数据报：连接 TCP 服务器，或者向 UDP 服务器发一个数据报，会话的每条连接和每个流都会画在这里。',
    title: (n) => `${n} 条连接的流图`,
    titleUdp: (n) => `${n} 个 UDP 流的流图`,
    titleBoth: (n) => `${n} 条连接和流的流图`,
    client: (connection) => `#${connection} 客户端`,
    hiddenConnections: (n) => `还有 ${n} 条较早的连接没有画出来；时序图可以显示其中任意一条。`,
    hiddenFlows: (n) => `还有 ${n} 个较早的流没有画出来；时序图可以显示其中任意一个。`,
    hiddenBoth: (n) => `还有 ${n} 条较早的连接或流没有画出来；时序图可以显示其中任意一条。`,
    arrow: (time, connection, label) => `${time} 秒，连接 #${connection}：${label}`,
    arrowUdp: (time, flow, label) => `${time} 秒，流 #${flow}：${label}`,
  },
});

/** What the graph says while empty, its title, and the note on connections left out, for each kind of lab. */
export const KIND_TEXT: Readonly<
  Record<
    LadderKinds,
    {
      readonly empty: Localized;
      readonly title: (n: number) => Localized;
      readonly hidden: (n: number) => Localized;
    }
  >
> = {
  tcp: { empty: TEXT.empty, title: TEXT.title, hidden: TEXT.hiddenConnections },
  udp: { empty: TEXT.emptyUdp, title: TEXT.titleUdp, hidden: TEXT.hiddenFlows },
  both: { empty: TEXT.emptyBoth, title: TEXT.titleBoth, hidden: TEXT.hiddenBoth },
};

/**
 * The words for what the graph draws, from its arrows' packets (every connection or flow drawn has a column;
 * its packets are among the arrows unless the newest of others pushed them all out), or, when it draws nothing
 * or for what it left out, from the lab's servers where the caller knows them.
 */
export function graphKinds(
  graph: FlowGraph,
  transports?: readonly TransportProtocol[],
): { readonly drawn: LadderKinds; readonly lab: LadderKinds } {
  const drawn = ladderKinds(graph.arrows.map((arrow) => arrow.packet.protocol));
  return { drawn, lab: transports === undefined || transports.length === 0 ? drawn : ladderKinds(transports) };
}

/** An arrow's name for screen readers: its time, its connection or flow, and its label. */
export function arrowText(time: string, arrow: FlowArrow): Localized {
  return (arrow.packet.protocol === 'udp' ? TEXT.arrowUdp : TEXT.arrow)(time, arrow.connection, arrow.label);
}

/**
 * What the ladder diagram says around its segment labels, in every language of the course. The labels
 * (`SYN,ACK seq=0 ack=1`) are TCP's own tokens and stay as they are; the flow graph shares the ends' names, the
 * time axis and the note on hidden packets.
 */

import { type Localized, localized } from '../../common/localized';

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
    empty: 'No TCP connection yet: connect to a server and every segment of the exchange is drawn here.',
    views: 'Draw',
    ladder: 'One connection',
    flow: 'All connections (flow graph)',
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
    empty: '还没有 TCP 连接：连接一个服务器，这次交互的每个报文段都会画在这里。',
    views: '显示',
    ladder: '单条连接',
    flow: '所有连接（流图）',
    hidden: (shown, all) => `只显示了 ${all} 个数据包中的最后 ${shown} 个。`,
  },
});

/** `server`, or `server · echo` when the port is one of the session's lab servers; the flow graph's too. */
export function serverTitle(id: string | undefined): Localized {
  return id === undefined ? TEXT.server : TEXT.serverId(id);
}

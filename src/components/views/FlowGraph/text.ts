/**
 * What the flow graph says, in every language of the course; the ends' names, the time axis and the note on
 * hidden packets are the ladder's (`LadderDiagram/text.ts`).
 */

import { localized } from '../../../common/localized';

export const TEXT = localized({
  en: {
    empty: 'No TCP connection yet: connect to a server and every connection of the session is drawn here.',
    title: (n: number) => `Flow graph of ${n} ${n === 1 ? 'connection' : 'connections'}`,
    client: (connection: string) => `#${connection} client`,
    hiddenConnections: (n: number) =>
      `${n} older ${n === 1 ? 'connection is' : 'connections are'} left out; the ladder shows any one of them.`,
    arrow: (time: string, connection: number, label: string) => `${time} s, connection #${connection}: ${label}`,
  },
  'zh-Hans': {
    empty: '还没有 TCP 连接：连接一个服务器，会话的每条连接都会画在这里。',
    title: (n) => `${n} 条连接的流图`,
    client: (connection) => `#${connection} 客户端`,
    hiddenConnections: (n) => `还有 ${n} 条较早的连接没有画出来；时序图可以显示其中任意一条。`,
    arrow: (time, connection, label) => `${time} 秒，连接 #${connection}：${label}`,
  },
});

/** What the connection picker says, in every language of the course. */

import { localized } from '../../../common/localized';

export const TEXT = localized({
  en: {
    label: 'Connection',
    /** After the connection's name: a space before it in English, none before Chinese parentheses. */
    packets: (n: number) => ` (${n} ${n === 1 ? 'packet' : 'packets'})`,
    single: (connection: number, client: string, server: string) => `Connection #${connection}: ${client} → ${server}`,
  },
  'zh-Hans': {
    label: '连接',
    packets: (n) => `（${n} 个数据包）`,
    single: (connection, client, server) => `连接 #${connection}：${client} → ${server}`,
  },
});

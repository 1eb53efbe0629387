/**
 * What the packet list says, in every language of the course: the column heads as Wireshark's own translations
 * name them, the menu and the notes. What a row shows of a packet (addresses, `TCP`, the Info column's
 * `[SYN] Seq=0 Win=65495 Len=0`) is Wireshark's text and reads the same in all of them.
 */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    table: 'Captured packets',
    no: 'No.',
    time: 'Time',
    ends: 'Source → Destination',
    protocol: 'Protocol',
    length: 'Length',
    info: 'Info',
    earlier: (step: number, hidden: number) =>
      `Show ${Math.min(hidden, step)} earlier ${hidden === 1 ? 'row' : 'rows'} (${hidden} not shown)`,
    gap: (reason: string) => `Packets may be missing here: ${reason}`,
    noMatch: 'No packet matches the display filter.',
    menu: (number: number) => `Packet ${number}`,
    follow: (connection: number) => `Follow TCP Stream (#${connection})`,
    filterConnection: (connection: number) => `Filter on this connection (tcp.stream == ${connection})`,
    filterPort: (port: number) => `Filter on this port (udp.port == ${port})`,
    open: 'Open the packet',
  },
  'zh-Hans': {
    table: '抓到的数据包',
    no: '序号',
    time: '时间',
    ends: '源地址 → 目的地址',
    protocol: '协议',
    length: '长度',
    info: '信息',
    earlier: (step, hidden) => `显示更早的 ${Math.min(hidden, step)} 行（还有 ${hidden} 行没有显示）`,
    gap: (reason) => `这里可能缺少数据包：${reason}`,
    noMatch: '没有数据包与这个显示过滤器匹配。',
    menu: (number) => `数据包 ${number}`,
    follow: (connection) => `追踪 TCP 流（#${connection}）`,
    filterConnection: (connection) => `只看这条连接（tcp.stream == ${connection}）`,
    filterPort: (port) => `只看这个端口（udp.port == ${port}）`,
    open: '打开这个数据包',
  },
});

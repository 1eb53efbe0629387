/**
 * What Follow TCP Stream says around the bytes it shows, in every language of the course; the packet detail's
 * button that opens it names it the same way.
 */

import { localized } from '../../../common/localized';

export const TEXT = localized({
  en: {
    follow: (connection: number) => `Follow TCP stream #${connection}`,
    empty: 'No TCP connection yet: connect to a server, send something, and the conversation appears here.',
    noData: 'No data on this connection yet: the stream shows the bytes each side sends.',
    showAs: 'Show the stream as',
    client: 'client',
    server: 'server',
    bytes: (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'byte' : 'bytes'}`,
    summary: (client: string, server: string) => `client sent ${client}, server sent ${server}`,
    retransmitted: (n: number) => `${n} ${n === 1 ? 'retransmission' : 'retransmissions'} shown once`,
    reordered: (n: number) => `${n} out-of-order ${n === 1 ? 'segment' : 'segments'} put back in place`,
    notHeld: (n: string) => `[${n} not shown: the page keeps the first 2 KiB of each segment; the .pcapng has all]`,
    before: (n: string) => `[${n} sent before the first packet this page holds]`,
    lost: (n: string) => `[${n} missing: no captured segment carried them]`,
    piece: (side: string, n: string) => `${side} sent ${n}`,
    more: (shown: string, all: string) => `Show more (${shown} of ${all} shown)`,
  },
  'zh-Hans': {
    follow: (connection) => `追踪 TCP 流 #${connection}`,
    empty: '还没有 TCP 连接：连接一个服务器，发送点什么，对话就会显示在这里。',
    noData: '这条连接上还没有数据：流里显示的是每一方发送的字节。',
    showAs: '流显示为',
    client: '客户端',
    server: '服务器',
    bytes: (n) => `${n.toLocaleString('zh-Hans')} 字节`,
    summary: (client, server) => `客户端发送了 ${client}，服务器发送了 ${server}`,
    retransmitted: (n) => `${n} 次重传只显示一次`,
    reordered: (n) => `${n} 个乱序的报文段已放回原位`,
    notHeld: (n) => `[${n} 未显示：页面只保留每个报文段的前 2 KiB；.pcapng 文件里有全部内容]`,
    before: (n) => `[${n} 在本页面保留的第一个数据包之前发送]`,
    lost: (n) => `[${n} 缺失：没有抓到携带它们的报文段]`,
    piece: (side, n) => `${side}发送了 ${n}`,
    more: (shown, all) => `显示更多（已显示 ${all} 中的 ${shown}）`,
  },
});

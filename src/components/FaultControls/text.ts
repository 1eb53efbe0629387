/** What the fault controls say, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    title: 'Faults',
    unavailable: 'Not available on this lab server:',
    set: 'Set',
    setting: 'Setting…',
    loss: (server: string) => `Packet loss on ${server}`,
    percentLabel: (server: string) => `Share of ${server}'s packets to drop, in percent`,
    now: (percent: number) =>
      percent === 0 ? 'Now: no packet is dropped.' : `Now: ${percent} % of the packets in each direction are dropped.`,
    bad: 'A whole percent from 0 to 100.',
    silence: (server: string) => `Silent peer on ${server}`,
    silent: 'Peer silent',
    silentOn: 'Now: every packet to and from the server is dropped, both ways. No answer, no FIN, no RST.',
    silentOff: 'Now: packets pass as usual.',
    restart: (server: string) => `Restart of ${server}`,
    secondsLabel: (server: string) => `Seconds ${server} stays away`,
    seconds: (seconds: number) => `${seconds} s`,
    restartFor: (seconds: number) => `Restart the server for ${seconds} s`,
    away: (seconds: number) => `The server is away, back in ${seconds} s. A connect() now is refused (ECONNREFUSED).`,
    coming: 'The server is coming back…',
    listening: 'Now: the server is listening.',
  },
  'zh-Hans': {
    title: '故障',
    unavailable: '这个实验服务器上不可用：',
    set: '设置',
    setting: '设置中…',
    loss: (server) => `${server}的丢包`,
    percentLabel: (server) => `${server}的数据包丢弃比例（百分比）`,
    now: (percent) => (percent === 0 ? '当前：不丢包。' : `当前：每个方向丢弃 ${percent}% 的数据包。`),
    bad: '请输入 0 到 100 之间的整数百分比。',
    silence: (server) => `${server}的对端静默`,
    silent: '对端静默',
    silentOn: '当前：进出服务器的数据包在两个方向上全部被丢弃。没有应答，没有 FIN，也没有 RST。',
    silentOff: '当前：数据包正常收发。',
    restart: (server) => `${server}的重启`,
    secondsLabel: (server) => `${server}停止的秒数`,
    seconds: (seconds) => `${seconds} 秒`,
    restartFor: (seconds) => `重启服务器，停止 ${seconds} 秒`,
    away: (seconds) => `服务器已停止，${seconds} 秒后恢复。现在 connect() 会被拒绝（ECONNREFUSED）。`,
    coming: '服务器正在恢复…',
    listening: '当前：服务器正在监听。',
  },
});

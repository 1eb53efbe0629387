/** What the fault controls say, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    title: 'Faults',
    loss: (server: string) => `Packet loss on ${server}`,
    percentLabel: (server: string) => `Share of ${server}'s packets to drop, in percent`,
    set: 'Set',
    setting: 'Setting…',
    now: (percent: number) =>
      percent === 0 ? 'Now: no packet is dropped.' : `Now: ${percent} % of the packets in each direction are dropped.`,
    unavailable: 'Not available on this lab server:',
    bad: 'A whole percent from 0 to 100.',
  },
  'zh-Hans': {
    title: '故障',
    loss: (server) => `${server}的丢包`,
    percentLabel: (server) => `${server}的数据包丢弃比例（百分比）`,
    set: '设置',
    setting: '设置中…',
    now: (percent) => (percent === 0 ? '当前：不丢包。' : `当前：每个方向丢弃 ${percent}% 的数据包。`),
    unavailable: '这个实验服务器上不可用：',
    bad: '请输入 0 到 100 之间的整数百分比。',
  },
});

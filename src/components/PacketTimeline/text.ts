/**
 * What the timeline's tabs and header say, in every language of the course; the server timeline's tab is named
 * by the server timeline itself (`EventLog/text.ts`).
 */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    packets: 'Packets',
    ladder: 'Ladder',
    stream: 'Follow stream',
    timeline: 'Timeline',
    views: 'Timeline views',
    download: 'Download .pcapng',
    emptyRunning:
      'No packets yet: connect to a server (from the terminal above or your own program) and its packets appear here.',
    emptyWaiting: 'No packets yet: waiting for the capture.',
  },
  'zh-Hans': {
    packets: '数据包',
    ladder: '时序图',
    stream: '追踪流',
    timeline: '时间线',
    views: '时间线视图',
    download: '下载 .pcapng',
    emptyRunning: '还没有数据包：（在上面的终端里，或者用你自己的程序）连接一个服务器，它的数据包就会显示在这里。',
    emptyWaiting: '还没有数据包：正在等待抓包。',
  },
});

/** What the capture notice says when the session sees no real packets, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    starting: 'Starting the packet capture…',
    restarting: 'The packet capture is restarting.',
    mayBeMissing: 'Packets sent until it is back may be missing from the list.',
    stopped: 'The packet capture has stopped.',
    unavailable: 'No packet capture on this machine.',
    packetsStay:
      'The packets captured so far stay in the list; new ones will not appear there. The server timeline still shows what your lab servers see on their sockets.',
    socketsOnly:
      'The timeline shows socket-level events only: what your lab servers saw on their sockets, not the packets on the wire.',
    /** A sentence that follows another on the same line: a space before it in English, none in Chinese. */
    following: (text: string) => ` ${text}`,
  },
  'zh-Hans': {
    starting: '正在启动抓包…',
    restarting: '抓包正在重新启动。',
    mayBeMissing: '在它恢复之前发出的数据包，可能不会出现在列表里。',
    stopped: '抓包已经停止。',
    unavailable: '这台机器上无法抓包。',
    packetsStay:
      '到目前为止抓到的数据包仍然留在列表里；新的数据包不会再出现。服务器时间线仍会显示你的实验服务器在套接字上看到的情况。',
    socketsOnly: '时间线只显示套接字层面的事件：你的实验服务器在套接字上看到了什么，而不是线路上的数据包。',
    following: (text) => text,
  },
});

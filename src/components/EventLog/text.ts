/** What the server timeline says around its events, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    title: 'Server timeline',
    caption: 'What your lab servers saw on their sockets.',
    showAs: 'Show payloads as',
    list: 'Socket events of your lab servers',
    empty: 'Nothing yet: connect to a server and its socket events appear here.',
  },
  'zh-Hans': {
    title: '服务器时间线',
    caption: '你的实验服务器在套接字上看到了什么。',
    showAs: '载荷显示为',
    list: '你的实验服务器的套接字事件',
    empty: '还没有事件：连接一个服务器，它的套接字事件就会显示在这里。',
  },
});

/** What the list of the session's servers says, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    starting: 'Starting your servers…',
    none: 'This lab runs no servers of its own.',
    list: 'Your lab servers',
    copy: (address: string) => `Copy the address ${address}`,
    snippets: 'Connect from your own program: Python, C, Node, MicroPython, nc',
  },
  'zh-Hans': {
    starting: '正在启动你的服务器…',
    none: '这个实验没有自己的服务器。',
    list: '你的实验服务器',
    copy: (address) => `复制地址 ${address}`,
    snippets: '用你自己的程序连接：Python、C、Node、MicroPython、nc',
  },
});

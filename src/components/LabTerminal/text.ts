/** What the lab terminal's frame and overlay say, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    connecting: 'Connecting to the lab server…',
    reconnecting: 'Not connected, retrying…',
    failed: 'Not connected',
    name: 'lab shell',
    frame: 'Lab terminal',
    input: (lab: string) => `Lab shell for ${lab}: type commands here. Press Escape, then Tab, to leave the terminal.`,
  },
  'zh-Hans': {
    connecting: '正在连接实验服务器…',
    reconnecting: '未连接，正在重试…',
    failed: '未连接',
    name: '实验 shell',
    frame: '实验终端',
    input: (lab) => `${lab} 的实验 shell：在这里输入命令。先按 Escape 再按 Tab，可以离开终端。`,
  },
});

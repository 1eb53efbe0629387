/** What the capture questions say around the lab server's own texts, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    title: 'Questions',
    right: (right: number, total: number) => `${right}/${total} right`,
    withoutCapture: (reason: string) =>
      `These questions are answered from your own packets, and this lab server is not capturing any, so they cannot be checked now. ${reason}`,
    check: 'Check',
    checking: 'Checking…',
    expected: (format: string) => `Expected: ${format}`,
    /** Read before a question by a screen reader. */
    statePending: 'Not answered yet: ',
    statePassed: 'Right: ',
    stateFailed: 'Not right: ',
  },
  'zh-Hans': {
    title: '抓包问题',
    right: (right, total) => `答对 ${right}/${total}`,
    withoutCapture: (reason) =>
      `这些问题要根据你自己的数据包来回答，而这台实验服务器没有在抓包，所以现在无法检查答案。${reason}`,
    check: '检查',
    checking: '正在检查…',
    expected: (format) => `答案格式：${format}`,
    statePending: '尚未作答：',
    statePassed: '答对了：',
    stateFailed: '答错了：',
  },
});

/** What the list of the lab's checks says around the lab server's own texts, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    title: 'Checks',
    passed: (passed: number, total: number) => `${passed}/${total} passed`,
    empty: "The lab's checks appear here once it has started.",
    /** Read before a check's title by a screen reader. */
    statePending: 'Pending: ',
    statePassed: 'Passed: ',
    stateFailed: 'Failed: ',
  },
  'zh-Hans': {
    title: '检查项',
    passed: (passed, total) => `已通过 ${passed}/${total}`,
    empty: '实验启动后，它的检查项会显示在这里。',
    statePending: '未完成：',
    statePassed: '已通过：',
    stateFailed: '未通过：',
  },
});

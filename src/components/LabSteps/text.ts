/** What the lesson's step list says around the lesson's own steps, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    title: 'Steps',
    done: (done: number, counted: number) => `${done}/${counted} done`,
    unknownChecks: (checks: string) => `This lesson's steps name checks the lab does not have: ${checks}.`,
  },
  'zh-Hans': {
    title: '步骤',
    done: (done, counted) => `已完成 ${done}/${counted}`,
    unknownChecks: (checks) => `这一课的步骤引用了实验中没有的检查项：${checks}。`,
  },
});

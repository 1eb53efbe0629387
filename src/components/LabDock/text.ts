/** What the dock, the sheet and their controls say, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    dockedNote: 'The lab is docked on the right, beside the lesson: scroll the text, the lab stays in view.',
    showHere: 'Show it here instead',
    docked: 'Lab (docked)',
    open: 'Open the lab',
    lab: 'Lab',
    close: 'Close',
    resize: 'Resize the lab',
  },
  'zh-Hans': {
    dockedNote: '实验停靠在右侧的课文旁边：滚动课文时，实验始终留在视野里。',
    showHere: '改为显示在这里',
    docked: '实验（已停靠）',
    open: '打开实验',
    lab: '实验',
    close: '关闭',
    resize: '调整实验的宽度',
  },
});

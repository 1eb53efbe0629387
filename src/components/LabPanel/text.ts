/** What the lab panel's header says, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    region: (title: string) => `Lab: ${title}`,
    kicker: 'Lab',
    undock: 'Undock',
    undockTitle: 'Show the lab in the lesson, where it is written',
    dock: 'Dock beside the lesson',
    dockTitle: 'Keep the lab in view beside the lesson',
  },
  'zh-Hans': {
    region: (title) => `实验：${title}`,
    kicker: '实验',
    undock: '取消停靠',
    undockTitle: '把实验放回课文里它所在的位置',
    dock: '停靠到课文旁',
    dockTitle: '让实验停靠在课文旁边，始终留在视野里',
  },
});

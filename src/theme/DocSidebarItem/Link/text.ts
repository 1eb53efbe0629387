/** What the course sidebar says beside a lesson, in every language of the course. */

import { localized } from '../../../common/localized';

export const TEXT = localized({
  en: { labDone: 'Lab done' },
  'zh-Hans': { labDone: '实验已完成' },
});

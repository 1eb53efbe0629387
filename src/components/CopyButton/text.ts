/** What the copy button says, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: { copy: 'Copy', copied: 'Copied', failed: 'Copy failed' },
  'zh-Hans': { copy: '复制', copied: '已复制', failed: '复制失败' },
});

/** What the error notices above the terminal say around their codes, in every language of the course. */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: { dismiss: (code: string) => `Dismiss ${code}` },
  'zh-Hans': { dismiss: (code) => `关闭 ${code}` },
});

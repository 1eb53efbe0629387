/** The text-or-hex switch's two choices, in every language of the course. */

import { localized } from '../../../common/localized';

export const TEXT = localized({
  en: { text: 'Text', hex: 'Hex' },
  'zh-Hans': { text: '文本', hex: '十六进制' },
});

/**
 * How a sequence diagram reads out to a screen reader when the lesson gives it no title: its steps in order,
 * punctuated as each language punctuates a list. The steps' words are the lesson's own.
 */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    arrow: (from: string, to: string, label: string) => `${from} → ${to}: ${label}`,
    /** Between two steps. */
    separator: '; ',
  },
  'zh-Hans': {
    arrow: (from, to, label) => `${from} → ${to}：${label}`,
    separator: '；',
  },
});

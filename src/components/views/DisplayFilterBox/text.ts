/**
 * What the display filter box says, in every language of the course. The filter's syntax (`tcp.flags.syn == 1`,
 * `and`, `contains`) is Wireshark's and reads the same in all of them.
 */

import { localized } from '../../../common/localized';

export const TEXT = localized({
  en: {
    label: 'Display filter',
    placeholder: 'Apply a display filter … e.g. tcp.flags.syn == 1, tcp.stream == 2, tcp contains "Hello"',
    apply: 'Apply',
    clear: 'Clear',
    shown: (shown: number, total: number) =>
      `${shown.toLocaleString('en')} of ${total.toLocaleString('en')} ${total === 1 ? 'packet' : 'packets'}`,
    unapplied: 'Press Enter to apply',
    fields: 'Fields',
    fieldsHelp:
      'Compare with == != > < >= <=, join with and or not (&& || !), group with ( ), search with contains "text". tcp.stream is the connection number shown as #1, #2 in every view.',
  },
  'zh-Hans': {
    label: '显示过滤器',
    placeholder: '应用显示过滤器 … 例如 tcp.flags.syn == 1、tcp.stream == 2、tcp contains "Hello"',
    apply: '应用',
    clear: '清除',
    shown: (shown, total) =>
      `显示 ${total.toLocaleString('zh-Hans')} 个数据包中的 ${shown.toLocaleString('zh-Hans')} 个`,
    unapplied: '按 Enter 应用',
    fields: '字段',
    fieldsHelp:
      '用 == != > < >= <= 比较，用 and or not（&& || !）组合，用 ( ) 分组，用 contains "text" 搜索。tcp.stream 是连接编号，在每个视图里都显示为 #1、#2。',
  },
});

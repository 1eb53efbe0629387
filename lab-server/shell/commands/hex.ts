/**
 * `hex on|off`: how the assistant shows what its clients send — quoted text with non-printable bytes escaped
 * (the default), or a hex dump, as NetAssist's "HEX display" box switches it. `hex` alone says which.
 */

import { localized } from '../../../src/common/localized';
import { checkOptions, type ShellCommand, withUsage } from '../command';

const TEXT = localized({
  en: {
    summary: "show what the assistant's clients send as hex (on) or as text (off)",
    on: 'reads are shown as a hex dump',
    off: 'reads are shown as text, non-printable bytes as \\xNN escapes',
    bad: 'hex: say on or off',
  },
  'zh-Hans': {
    summary: '把助手收到的数据显示为十六进制（on）或文本（off）',
    on: '收到的数据以十六进制显示',
    off: '收到的数据以文本显示，不可打印的字节写成 \\xNN 转义',
    bad: 'hex: 请写 on 或 off',
  },
});

export const hex: ShellCommand = {
  name: 'hex',
  usage: 'hex [on|off]',
  summary: TEXT.summary,
  details: [],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    const [word, extra] = line.args;
    if (extra !== undefined || (word !== undefined && word !== 'on' && word !== 'off')) {
      return context.fail(withUsage(TEXT.bad, this));
    }
    if (word !== undefined) context.assistants.hex = word === 'on';
    context.print(context.assistants.hex ? TEXT.on : TEXT.off);
  },
};

/**
 * `reply MATCH ANSWER`: the assistant's auto-reply rule, as NetAssist and LLCOM offer one — whenever a client's
 * read contains MATCH, ANSWER goes back to that client at once, narrated like any send. One rule at a time;
 * `reply off` removes it, `reply` alone shows it. MATCH is looked for within one read, as a program looking at
 * each recv() would; both are written as `send` takes its data ("double quotes", \r \n \xNN).
 */

import { localized } from '../../../src/common/localized';
import { checkOptions, type ShellCommand, withUsage } from '../command';
import { quoteText } from '../visible-text';

/** A rule's two parts are typed on one line: longer ones are not a rule a student means. */
const MAX_PART_BYTES = 1024;

const TEXT = localized({
  en: {
    summary: 'auto-reply: answer every read containing MATCH with ANSWER (reply off removes it)',
    details:
      'Example: reply PING "PONG\\r\\n". The match is looked for within each read, as a program checks each recv().',
    set: (match: string, answer: string) => `auto-reply: a read containing ${match} is answered with ${answer}`,
    off: 'auto-reply is off',
    none: 'no auto-reply rule: reply MATCH ANSWER sets one',
    bad: `reply: give MATCH and ANSWER, each 1 to ${MAX_PART_BYTES} bytes (quote them if they have spaces), or off`,
  },
  'zh-Hans': {
    summary: '自动回复：收到的数据里含有 MATCH 时回复 ANSWER（reply off 取消）',
    details: '例如：reply PING "PONG\\r\\n"。在每次读到的数据里查找 MATCH，就像程序检查每次 recv() 的结果那样。',
    set: (match, answer) => `自动回复：收到含有 ${match} 的数据时回复 ${answer}`,
    off: '自动回复已关闭',
    none: '没有自动回复规则：用 reply MATCH ANSWER 设置一条',
    bad: `reply: 请给出 MATCH 和 ANSWER，各 1 到 ${MAX_PART_BYTES} 字节（含空格时加引号），或者写 off`,
  },
});

export const reply: ShellCommand = {
  name: 'reply',
  usage: 'reply [MATCH ANSWER | off]',
  summary: TEXT.summary,
  details: [TEXT.details],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    const { assistants } = context;
    if (line.args.length === 0) {
      const rule = assistants.reply;
      return context.print(rule === undefined ? TEXT.none : TEXT.set(quoteText(rule.match), quoteText(rule.answer)));
    }
    if (line.args.length === 1 && line.args[0] === 'off') {
      assistants.reply = undefined;
      return context.print(TEXT.off);
    }
    const [match, answer] = line.argBytes;
    const fits = (part: Uint8Array | undefined) =>
      part !== undefined && part.length > 0 && part.length <= MAX_PART_BYTES;
    if (line.args.length !== 2 || !fits(match) || !fits(answer)) return context.fail(withUsage(TEXT.bad, this));
    assistants.reply = { match: match!, answer: answer! };
    context.print(TEXT.set(quoteText(match!), quoteText(answer!)));
  },
};

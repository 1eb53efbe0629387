/**
 * `loss 20`: the lab's loss fault from the keyboard — a share of the server port's packets dropped each way in
 * the lab server's kernel, so that the capture shows retransmissions — for a lab that has one loss fault, as
 * the reliability lesson's has; `loss` alone shows it. A setting out of bounds (`-5`, `abc`, `101`) is refused
 * with the protocol's own words (fault.ts); a lab with loss on several servers is told to use `fault loss`.
 */

import { localized } from '../../../src/common/localized';
import type { ShellCommand } from '../command';
import { labFaults, printFault, setFault, typedWords } from './fault';

const TEXT = localized({
  en: {
    summary: "set the lab's packet loss, a percent of the packets each way (loss 20), or show it (loss)",
    details:
      'Each packet to or from the lab server’s port is dropped with that chance, in the kernel: TCP retransmits, UDP just loses.',
    none: 'loss: this lab has no loss fault; fault lists the ones it has',
    several: (servers: string) => `loss: this lab has loss on ${servers}: fault loss SERVER N sets one`,
    extra: (word: string) => `loss: unexpected "${word}": give one percent, like loss 20`,
  },
  'zh-Hans': {
    summary: '设置实验的丢包率，即两个方向上各丢弃多少百分比的数据包（loss 20），或者查看它（loss）',
    details: '发往或来自实验服务器端口的每个数据包都以这个概率在内核里被丢弃：TCP 会重传，UDP 就直接丢了。',
    none: 'loss: 这个实验没有丢包故障；fault 会列出它有的故障',
    several: (servers) => `loss: 这个实验在 ${servers} 上都有丢包故障：用 fault loss SERVER N 设置其中一个`,
    extra: (word) => `loss: 多余的参数 "${word}"：只给一个百分比，例如 loss 20`,
  },
});

export const loss: ShellCommand = {
  name: 'loss',
  usage: 'loss [PERCENT]',
  summary: TEXT.summary,
  details: [TEXT.details],
  async run(context, line) {
    const faults = labFaults(context);
    if (faults === undefined) return;
    const losses = faults.filter((fault) => fault.kind === 'loss');
    const [only] = losses;
    if (only === undefined) return context.fail(TEXT.none);
    const [value, extra] = typedWords(line);
    if (value === undefined) {
      for (const fault of losses) printFault(context, fault);
      return;
    }
    if (losses.length > 1) return context.fail(TEXT.several(losses.map((fault) => fault.server).join(', ')));
    if (extra !== undefined) return context.fail(TEXT.extra([...extra].slice(0, 40).join('')));
    await setFault(context, this.name, only, value);
  },
};

/**
 * `nc TARGET`: the interactive mode of the "network debugging assistant" — connect, then every line typed is
 * sent (with a newline, as nc does) and everything received is shown as it arrives. Ctrl-D half-closes, and nc
 * ends once both sides have sent FIN; Ctrl-C closes and returns to the prompt.
 */

import { localized } from '../../../src/common/localized';
import { checkOptions, type ShellCommand } from '../command';
import { openConnection } from './connect';

const TEXT = localized({
  en: {
    summary: 'interactive: type lines to send, see replies as they arrive',
    keys: 'Each line you type is sent with \\n. Ctrl-D sends FIN (half-close); Ctrl-C closes and leaves.',
    end: 'nc ends by itself once both sides have sent FIN: yours with Ctrl-D, the peer’s when it closes.',
  },
  'zh-Hans': {
    summary: '交互模式：输入一行就发送一行，回复一到就显示',
    keys: '你输入的每一行都会带上 \\n 发送。Ctrl-D 发出 FIN（半关闭）；Ctrl-C 关闭连接并退出。',
    end: '双方都发出 FIN 后 nc 自行结束：你的 FIN 用 Ctrl-D 发出，对端的 FIN 在它关闭时发出。',
  },
});

export const nc: ShellCommand = {
  name: 'nc',
  usage: 'nc TARGET',
  summary: TEXT.summary,
  details: [TEXT.keys, TEXT.end],
  async run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    const socket = await openConnection(context, line, 'nc');
    if (socket === undefined) return;
    await context.interact(socket);
  },
};

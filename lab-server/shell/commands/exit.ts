/**
 * `exit` (and `logout`, and Ctrl-D on an empty line): ends this lab shell politely. Each open socket is closed
 * as `close` would close it, and narrated, so the packets the student then sees are explained; the lab's
 * servers, capture and checks belong to the session, not to the shell, and carry on.
 */

import { localized } from '../../../src/common/localized';
import { style } from '../ansi';
import { checkOptions, type ShellCommand } from '../command';
import { closeAndNarrate } from './close';

const TEXT = localized({
  en: {
    summary: 'close your sockets and end this shell (Ctrl-D on an empty line too)',
    details:
      'Closes each open socket as close does, stops a timed send and the assistant. The lab keeps running; Enter or a reload starts a new shell.',
    goodbye: "Goodbye. Your sockets are closed; the lab's servers, packets and checks keep running.",
    fresh: 'Press Enter (or reload the page) for a fresh lab shell.',
  },
  'zh-Hans': {
    summary: '关闭你的套接字并退出这个 shell（在空行上按 Ctrl-D 也一样）',
    details:
      '像 close 那样关闭每个打开的套接字，并停止定时发送和助手。实验继续运行；按 Enter 或重新加载页面会启动一个新的 shell。',
    goodbye: '再见。你的套接字已经关闭；实验的服务器、抓包和检查项仍在运行。',
    fresh: '按 Enter（或重新加载页面）启动一个新的实验 shell。',
  },
});

export const exit: ShellCommand = {
  name: 'exit',
  aliases: ['logout'],
  usage: 'exit',
  summary: TEXT.summary,
  details: [TEXT.details],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    context.timedSend.stop();
    context.assistants.stopAll(context);
    for (const socket of context.sockets.list()) closeAndNarrate(context, socket);
    context.print(TEXT.goodbye);
    context.print(style.dim(TEXT.fresh));
    context.logout();
  },
};

/**
 * `exit` (and `logout`, and Ctrl-D on an empty line): ends this lab shell politely. Each open socket is closed
 * as `close` would close it, and narrated, so the packets the student then sees are explained; the lab's
 * servers, capture and checks belong to the session, not to the shell, and carry on.
 */

import { style } from '../ansi';
import { checkOptions, type ShellCommand } from '../command';
import { closeAndNarrate } from './close';

const TEXT = {
  summary: 'close your sockets and end this shell (Ctrl-D on an empty line too)',
  details: ['Closes each open socket as close does. The lab keeps running; Enter or a reload starts a new shell.'],
  goodbye: "Goodbye. Your sockets are closed; the lab's servers, packets and checks keep running.",
  fresh: 'Press Enter (or reload the page) for a fresh lab shell.',
} as const;

export const exit: ShellCommand = {
  name: 'exit',
  aliases: ['logout'],
  usage: 'exit',
  summary: TEXT.summary,
  details: TEXT.details,
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    for (const socket of context.sockets.list()) closeAndNarrate(context, socket);
    context.print(TEXT.goodbye);
    context.print(style.dim(TEXT.fresh));
    context.logout();
  },
};

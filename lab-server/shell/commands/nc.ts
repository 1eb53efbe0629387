/**
 * `nc TARGET`: the interactive mode of the "network debugging assistant" — connect, then every line typed is
 * sent (with a newline, as nc does) and everything received is shown as it arrives. Ctrl-D half-closes, and nc
 * ends once both sides have sent FIN; Ctrl-C closes and returns to the prompt.
 */

import { checkOptions, type ShellCommand } from '../command';
import { openConnection } from './connect';

const TEXT = {
  summary: 'interactive: type lines to send, see replies as they arrive',
  details: [
    'Each line you type is sent with \\n. Ctrl-D sends FIN (half-close); Ctrl-C closes and leaves.',
    'nc ends by itself once both sides have sent FIN: yours with Ctrl-D, the peer’s when it closes.',
  ],
} as const;

export const nc: ShellCommand = {
  name: 'nc',
  usage: 'nc TARGET',
  summary: TEXT.summary,
  details: TEXT.details,
  async run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    const socket = await openConnection(context, line, 'nc');
    if (socket === undefined) return;
    await context.interact(socket);
  },
};

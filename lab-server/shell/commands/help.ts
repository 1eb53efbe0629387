/**
 * `help`, `history` and `clear`: the shell explaining itself.
 */

import { style } from '../ansi';
import { checkOptions, type ShellCommand } from '../command';
import { visible } from '../visible-text';

const TEXT = {
  heading: 'Commands (each one narrates the socket calls it makes):',
  footer: (servers: string) =>
    `Lab servers: ${servers}.  Keys: ↑/↓ history, Tab completes, Ctrl-C interrupts, Ctrl-L clears, Ctrl-D exits.`,
  noCommand: (name: string) => `help: no command "${name}"`,
  helpSummary: 'list commands, or explain one',
  historySummary: 'show the commands you typed',
  clearSummary: 'clear the terminal',
} as const;

const USAGE_COLUMN = 46;

export const help: ShellCommand = {
  name: 'help',
  aliases: ['?'],
  usage: 'help [COMMAND]',
  summary: TEXT.helpSummary,
  details: [],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    const name = line.args[0];
    if (name !== undefined) {
      const command = context.commands.find((c) => c.name === name || c.aliases?.includes(name));
      if (command === undefined) return context.fail(TEXT.noCommand(visible(name)));
      context.print(`${style.bold(command.usage)}  — ${command.summary}`);
      for (const detail of command.details) context.print(`  ${detail}`);
      return;
    }
    context.print(style.bold(TEXT.heading));
    for (const command of context.commands) {
      // A usage too long for its column gets the summary on a line of its own, rather than run into it.
      if (command.usage.length < USAGE_COLUMN) {
        context.print(`  ${command.usage.padEnd(USAGE_COLUMN)} ${style.dim(command.summary)}`);
      } else {
        context.print(`  ${command.usage}`);
        context.print(`  ${' '.repeat(USAGE_COLUMN)} ${style.dim(command.summary)}`);
      }
    }
    const names = context.servers
      .map((server) => `${style.cyan(server.id)} (${server.host}:${server.port})`)
      .join(', ');
    context.print(TEXT.footer(names));
  },
};

export const history: ShellCommand = {
  name: 'history',
  usage: 'history',
  summary: TEXT.historySummary,
  details: [],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    context.history.forEach((entry, index) => {
      context.print(`${String(index + 1).padStart(4)}  ${visible(entry)}`);
    });
  },
};

export const clear: ShellCommand = {
  name: 'clear',
  usage: 'clear',
  summary: TEXT.clearSummary,
  details: [],
  run(context) {
    context.clearScreen();
  },
};

/**
 * `help`, `history` and `clear`: the shell explaining itself.
 */

import { style } from '../ansi';
import { checkOptions, type ShellCommand } from '../command';
import { visible } from '../visible-text';

export const help: ShellCommand = {
  name: 'help',
  aliases: ['?'],
  usage: 'help [COMMAND]',
  summary: 'list commands, or explain one',
  details: [],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    const name = line.args[0];
    if (name !== undefined) {
      const command = context.commands.find((c) => c.name === name || c.aliases?.includes(name));
      if (command === undefined) return context.fail(`help: no command "${visible(name)}"`);
      context.print(`${style.bold(command.usage)}  — ${command.summary}`);
      for (const detail of command.details) context.print(`  ${detail}`);
      return;
    }
    context.print(style.bold('Commands (each one narrates the socket calls it makes):'));
    for (const command of context.commands)
      context.print(`  ${command.usage.padEnd(46)} ${style.dim(command.summary)}`);
    const names = context.servers
      .map((server) => `${style.cyan(server.id)} (${server.host}:${server.port})`)
      .join(', ');
    context.print(`Lab servers: ${names}.  Keys: ↑/↓ history, Tab completes, Ctrl-C interrupts, Ctrl-L clears.`);
  },
};

export const history: ShellCommand = {
  name: 'history',
  usage: 'history',
  summary: 'show the commands you typed',
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
  summary: 'clear the terminal',
  details: [],
  run(context) {
    context.clearScreen();
  },
};

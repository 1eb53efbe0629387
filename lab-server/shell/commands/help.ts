/**
 * `help`, `history` and `clear`: the shell explaining itself. `help` lays its commands out as a table, usage on
 * the left and summary on the right, the summary wrapped within its own column (by display width, so a Chinese
 * summary takes two columns a character); a terminal too narrow for two columns gets each summary under its usage.
 */

import { localized } from '../../../src/common/localized';
import { displayWidth, padColumns, style } from '../ansi';
import { checkOptions, type ShellCommand } from '../command';
import { joinText, mapText, type ShellText } from '../shell-text';
import { visible } from '../visible-text';
import { wrapText } from '../word-wrap';

const TEXT = localized({
  en: {
    heading: 'Commands (each one narrates the socket calls it makes):',
    footer: (servers: string) =>
      `Lab servers: ${servers}.  Keys: ↑/↓ history, Tab completes, Ctrl-C interrupts, Ctrl-L clears, Ctrl-D exits.`,
    noCommand: (name: string) => `help: no command "${name}"`,
    helpSummary: 'list commands, or explain one',
    historySummary: 'show the commands you typed',
    clearSummary: 'clear the terminal',
  },
  'zh-Hans': {
    heading: '命令（每条命令都会逐一讲解它发起的套接字调用）：',
    footer: (servers) =>
      `实验服务器：${servers}。按键：↑/↓ 翻历史命令，Tab 补全，Ctrl-C 中断，Ctrl-L 清屏，Ctrl-D 退出。`,
    noCommand: (name) => `help: 没有 "${name}" 这条命令`,
    helpSummary: '列出所有命令，或者解释其中一条',
    historySummary: '显示你输入过的命令',
    clearSummary: '清屏',
  },
});

/** The usage column's width; a usage as long gets its summary on the next line. */
const USAGE_COLUMN = 46;
/** Where a summary starts: two columns of indent, the usage column and a space. */
const SUMMARY_COLUMN = 2 + USAGE_COLUMN + 1;
/** Narrower than this, a summary column would wrap every few words: each summary goes under its usage instead. */
const MIN_SUMMARY_COLUMNS = 24;
/** Where a summary under its usage starts. */
const STACKED_INDENT = 4;

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
      context.print(joinText(style.bold(command.usage), '  — ', command.summary));
      for (const detail of command.details) context.print(joinText('  ', detail));
      return;
    }
    context.print(style.bold(TEXT.heading));
    const twoColumns = context.columns - SUMMARY_COLUMN >= MIN_SUMMARY_COLUMNS;
    /** A line of the table, its continuation lines indented to `hang`. */
    const row = (text: ShellText, hang: number) =>
      context.print(mapText(text, (each) => wrapText(each, context.columns, hang)));
    for (const command of context.commands) {
      const summary = style.dim(command.summary);
      if (twoColumns && displayWidth(command.usage) < USAGE_COLUMN) {
        row(joinText(`  ${padColumns(command.usage, USAGE_COLUMN)} `, summary), SUMMARY_COLUMN);
      } else if (twoColumns) {
        // A usage too long for its column gets the summary on a line of its own, rather than run into it.
        context.print(`  ${command.usage}`);
        row(joinText(' '.repeat(SUMMARY_COLUMN), summary), SUMMARY_COLUMN);
      } else {
        context.print(`  ${command.usage}`);
        row(joinText(' '.repeat(STACKED_INDENT), summary), STACKED_INDENT);
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

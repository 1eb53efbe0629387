/**
 * `fault`: the lab's faults from the keyboard, as the lab panel's controls set them — `fault` lists them with
 * their state, `fault loss echo 20`, `fault silence echo on`, `fault restart echo 5` set one, and the change is
 * said once the session has it in the kernel. Settings are read and bounded by the protocol's own rules
 * (`src/protocol/faults.ts`), so the shell, the page and the decoders refuse the same values with the same words.
 * `loss N`, for the lab's one loss fault, is in loss.ts and shares what is here.
 */

import { isLocalized, type Localized, localized } from '../../../src/common/localized';
import { FAULT_KINDS, FAULT_SETTINGS, type FaultKind, isFaultKind, parseFaultValue } from '../../../src/protocol';
import { padColumns, style } from '../ansi';
import type { CommandContext, ShellCommand } from '../command';
import type { ParsedLine } from '../command-line';
import type { ShellFaultReport } from '../shell-faults';
import { joinText, mapText } from '../shell-text';
import { visible } from '../visible-text';

const TEXT = localized({
  en: {
    summary: "list the lab's faults, or set one: fault loss echo 20, fault silence echo on, fault restart echo 5",
    kinds:
      "loss N drops N % of the server port's packets each way; silence on drops all of them, as when the peer vanished (no FIN, no RST); restart N takes the server away now for N seconds.",
    none: 'this lab has no faults to set',
    unknownKind: (typed: string, kinds: string) => `fault: "${typed}" is not a kind of fault (${kinds})`,
    notOffered: (kind: string, server: string, offered: string) =>
      `fault: this lab has no ${kind} fault on "${server}"; its faults: ${offered}`,
    needValue: (kind: string, server: string) => `fault: say the setting too, like fault ${kind} ${server} 1`,
    extra: (word: string) => `fault: unexpected "${word}" after the setting`,
    available: 'available',
    unavailable: 'unavailable',
    set: (kind: string, server: string, value: string) => `${kind} on ${server} is ${value} now`,
    restarting: (server: string, value: string) =>
      `restart on ${server}: the server is away for ${value} (its connections closed, the port refusing), then listens again`,
    failed: (command: string, why: string) => `${command}: ${why}`,
  },
  'zh-Hans': {
    summary: '列出实验的故障，或者设置其中一个：fault loss echo 20、fault silence echo on、fault restart echo 5',
    kinds:
      'loss N 让服务器端口两个方向上各丢弃 N % 的数据包；silence on 丢弃全部数据包，就像对端突然消失（没有 FIN，也没有 RST）；restart N 让服务器立即停止 N 秒。',
    none: '这个实验没有可以设置的故障',
    unknownKind: (typed, kinds) => `fault: "${typed}" 不是故障类型（${kinds}）`,
    notOffered: (kind, server, offered) =>
      `fault: 这个实验在 "${server}" 上没有 ${kind} 故障；它提供的故障：${offered}`,
    needValue: (kind, server) => `fault: 还要给出设置值，例如 fault ${kind} ${server} 1`,
    extra: (word) => `fault: 设置值后面多了 "${word}"`,
    available: '可用',
    unavailable: '不可用',
    set: (kind, server, value) => `${server} 上的 ${kind} 现在是 ${value}`,
    restarting: (server, value) =>
      `${server} 上的 restart：服务器停止 ${value}（连接被关闭，端口拒绝连接），然后重新开始监听`,
    failed: (command, why) => `${command}：${why}`,
  },
});

/** A setting as the shell says it: `20 %`, `on`, `5 s` — technical, the same in every language. */
export function formatFaultValue(kind: FaultKind, value: number): string {
  const { unit } = FAULT_SETTINGS[kind];
  if (unit === 'switch') return value === 0 ? 'off' : 'on';
  return unit === 'percent' ? `${value} %` : `${value} s`;
}

/** The words typed after the command, options included: `loss -5` parses `-5` as an option. */
export function typedWords(line: ParsedLine): string[] {
  return [...[...line.options].flatMap(([name, value]) => (value === true ? [name] : [name, value])), ...line.args];
}

/** The session's faults, or undefined after saying the lab has none. */
export function labFaults(context: CommandContext): readonly ShellFaultReport[] | undefined {
  const faults = context.faults?.list() ?? [];
  if (faults.length > 0) return faults;
  context.print(TEXT.none);
  return undefined;
}

/** One fault as a line of `fault` and `loss`: kind, server, setting, and whether it can be set (and why not). */
export function printFault(context: CommandContext, fault: ShellFaultReport): void {
  const value = formatFaultValue(fault.kind, fault.value);
  const cells = `${padColumns(fault.kind, 8)} ${padColumns(fault.server, 10)} ${padColumns(value, 6)} `;
  const state = fault.available
    ? style.green(TEXT.available)
    : joinText(style.yellow(TEXT.unavailable), fault.reason === undefined ? '' : joinText(': ', fault.reason));
  context.print(joinText(cells, state));
}

/** Sets `kind` on `server` to the setting typed, within its bounds, and says what it is now. */
export async function setFault(
  context: CommandContext,
  command: string,
  fault: ShellFaultReport,
  typed: string,
): Promise<void> {
  const { kind, server } = fault;
  const switched = FAULT_SETTINGS[kind].unit === 'switch' ? { on: '1', off: '0' }[typed] : undefined;
  const parsed = parseFaultValue(kind, switched ?? typed);
  if ('error' in parsed) return context.fail(TEXT.failed(command, mapText(parsed.error, visible)));
  let report: ShellFaultReport;
  try {
    report = await context.faults!.set(kind, server, parsed.value);
  } catch (error) {
    const why: Localized | string =
      typeof error === 'object' && error !== null && 'text' in error && isLocalized(error.text)
        ? error.text
        : String(error instanceof Error ? error.message : error);
    return context.fail(TEXT.failed(command, typeof why === 'string' ? visible(why) : why));
  }
  // A restart is said as what it does; its setting returns to 0 by itself once the server is back.
  const value = formatFaultValue(kind, parsed.value);
  if (kind === 'restart' && parsed.value > 0) return context.print(TEXT.restarting(server, value));
  context.print(TEXT.set(kind, server, formatFaultValue(kind, report.value)));
}

export const fault: ShellCommand = {
  name: 'fault',
  usage: 'fault [KIND SERVER VALUE]',
  summary: TEXT.summary,
  details: [TEXT.kinds],
  async run(context, line) {
    const words = typedWords(line);
    const faults = labFaults(context);
    if (faults === undefined) return;
    const [kind, server, value] = words;
    if (kind === undefined) {
      for (const each of faults) printFault(context, each);
      return;
    }
    const shown = (word: string) => visible([...word].slice(0, 40).join(''));
    if (!isFaultKind(kind)) return context.fail(TEXT.unknownKind(shown(kind), FAULT_KINDS.join(', ')));
    const offered = faults.map((each) => `${each.kind} ${each.server}`).join(', ');
    const chosen = faults.find((each) => each.kind === kind && each.server === server);
    if (chosen === undefined) return context.fail(TEXT.notOffered(kind, shown(server ?? ''), offered));
    if (value === undefined) return context.fail(TEXT.needValue(kind, chosen.server));
    if (words.length > 3) return context.fail(TEXT.extra(shown(words[3]!)));
    await setFault(context, this.name, chosen, value);
  },
};

/**
 * The words for a capture program (tcpdump, dumpcap, tshark) that could not start or that ended: shared by the
 * capturer and tshark, which fail in the same ways. What the program itself said (its last stderr line, a
 * signal name, an errno code) and its path are quoted as they are, in every language.
 */

import { type Localized, localized } from '../../src/common/localized';
import type { ChildExit } from './process-group';

const TEXT = localized({
  en: {
    notFound: (program: string, path: string, pkg: string) =>
      `${program} was not found at ${path}; install it (apt-get install ${pkg}).`,
    notStarted: (program: string, path: string, error: string) =>
      `${program} at ${path} could not be started (${error}).`,
    stoppedBy: (program: string, signal: string) => `${program} was stopped by ${signal}`,
    exitedWith: (program: string, code: string) => `${program} exited with code ${code}`,
    said: (what: string, line: string) => `${what}: ${line}`,
  },
  'zh-Hans': {
    notFound: (program, path, pkg) => `在 ${path} 找不到 ${program}，请先安装（apt-get install ${pkg}）。`,
    notStarted: (program, path, error) => `无法启动 ${path} 处的 ${program}（${error}）。`,
    stoppedBy: (program, signal) => `${program} 被 ${signal} 信号终止`,
    exitedWith: (program, code) => `${program} 已退出，退出码 ${code}`,
    said: (what, line) => `${what}：${line}`,
  },
});

/** Why `program` could not be started at all, or `undefined` when it did start. */
export function describeStartFailure(
  program: string,
  path: string,
  pkg: string,
  exit: ChildExit,
): Localized | undefined {
  if (exit.spawnError === 'ENOENT') return TEXT.notFound(program, path, pkg);
  if (exit.spawnError !== undefined) return TEXT.notStarted(program, path, exit.spawnError);
  return undefined;
}

/** How a started `program` ended, with its last words (`lastLine`, quoted as it is) when it had any. */
export function describeEnd(program: string, exit: ChildExit, lastLine: string): Localized {
  const how = exit.signal !== null ? TEXT.stoppedBy(program, exit.signal) : TEXT.exitedWith(program, String(exit.code));
  return lastLine === '' ? how : TEXT.said(how, lastLine);
}

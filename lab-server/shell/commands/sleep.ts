/**
 * `sleep SECONDS`: the process waits, as sleep(3) or nanosleep(2) would make a C program wait, so a student can be
 * a reconnect loop by hand (connect, refused, sleep 1, connect, sleep 2 …) and a scripted run can wait for the
 * kernel (a keepalive giving up, a server coming back). News that arrives meanwhile is still printed: the kernel
 * keeps receiving while the process sleeps. Bounded at 60 s; Ctrl-C ends it early, and sleep() then returns
 * the seconds it had left, as it does when a signal interrupts it.
 */

import { localized } from '../../../src/common/localized';
import { checkOptions, printModelNote, type ShellCommand, withUsage } from '../command';
import { visible } from '../visible-text';

export const MAX_SLEEP_SECONDS = 60;

const TEXT = localized({
  en: {
    summary: `wait SECONDS (decimals allowed, at most ${MAX_SLEEP_SECONDS}); Ctrl-C ends it early`,
    details:
      'Whole seconds are sleep(3), decimals nanosleep(2) ({seconds, nanoseconds}). News (data, a FIN, an error) still shows meanwhile: the kernel keeps working while the process sleeps.',
    loop: 'A reconnect loop by hand: connect echo, sleep 1, connect echo, sleep 2, …',
    bad: (word: string) =>
      `sleep: "${word}" is not a number of seconds from 0 to ${MAX_SLEEP_SECONDS}, like sleep 1 or sleep 0.5`,
    slept: (seconds: string) => `slept ${seconds} s`,
    interrupted: (seconds: string) => `interrupted by Ctrl-C after ${seconds} s`,
    secondsLeft: (seconds: string) =>
      `interrupted by Ctrl-C after ${seconds} s: sleep() returns the whole seconds it had left`,
  },
  'zh-Hans': {
    summary: `等待 SECONDS 秒（可以带小数，最多 ${MAX_SLEEP_SECONDS} 秒）；Ctrl-C 提前结束`,
    details:
      '整数秒是 sleep(3)，带小数是 nanosleep(2)（{秒, 纳秒}）。等待期间新消息（数据、FIN、错误）照样显示：进程睡眠时内核仍在工作。',
    loop: '手动做一个重连循环：connect echo，sleep 1，connect echo，sleep 2，……',
    bad: (word) => `sleep: "${word}" 不是 0 到 ${MAX_SLEEP_SECONDS} 之间的秒数，例如 sleep 1 或 sleep 0.5`,
    slept: (seconds) => `睡了 ${seconds} 秒`,
    interrupted: (seconds) => `${seconds} 秒后被 Ctrl-C 中断`,
    secondsLeft: (seconds) => `${seconds} 秒后被 Ctrl-C 中断：sleep() 返回还剩下的整秒数`,
  },
});

export const sleep: ShellCommand = {
  name: 'sleep',
  usage: 'sleep SECONDS',
  summary: TEXT.summary,
  details: [TEXT.details, TEXT.loop],
  async run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    const [word, extra] = line.args;
    const seconds = word !== undefined && /^\d{1,2}(\.\d{1,3})?$/.test(word) ? Number(word) : Number.NaN;
    if (word === undefined || extra !== undefined || !(seconds <= MAX_SLEEP_SECONDS)) {
      return context.fail(withUsage(TEXT.bad(visible(word ?? '')), this));
    }
    const whole = Number.isInteger(seconds);
    const nanoseconds = Math.round((seconds % 1) * 1e9);
    const call = whole ? `sleep(${seconds})` : `nanosleep({${Math.floor(seconds)}, ${nanoseconds}})`;
    const started = performance.now();
    const interrupted = await wait(seconds * 1000, context.signal);
    const elapsed = ((performance.now() - started) / 1000).toFixed(1);
    if (!interrupted) return context.narrate(call, '0', TEXT.slept(elapsed));
    if (whole) {
      // sleep(3) returns the unslept seconds, rounded up: a signal does not make it fail.
      const left = Math.ceil(seconds - (performance.now() - started) / 1000);
      context.narrate(call, String(Math.max(left, 0)), TEXT.secondsLeft(elapsed));
    } else {
      context.narrate(call, '-1 EINTR', TEXT.interrupted(elapsed));
    }
    printModelNote(context, 'interrupt');
  },
};

/** Waits `ms`, or until `signal` aborts; resolves whether it was aborted. */
function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), ms);
    signal.addEventListener('abort', onAbort, { once: true });
    function onAbort(): void {
      done(true);
    }
    function done(aborted: boolean): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(aborted);
    }
  });
}

/**
 * `keepalive on [IDLE_SECONDS]` and `keepalive off`: SO_KEEPALIVE on one of the shell's TCP sockets, and with an
 * idle time TCP_KEEPIDLE, narrated as the setsockopt(2) calls made. Node sets the idle time only, and its runtime
 * (libuv) then sets TCP_KEEPINTVL to 1 s and TCP_KEEPCNT to 10 on the socket by itself; the shell narrates those
 * two calls as well, saying whose they are, so the student knows when the kernel will give up: after the idle
 * time and ten unanswered probes a second apart. Without an idle time the socket keeps the times it had, the
 * machine's `net.ipv4.tcp_keepalive_*` when it never had any. When the kernel gives up, the shell says so
 * between prompts (connect.ts watches the socket) and the next recv or send returns ETIMEDOUT.
 */

import { readFileSync } from 'node:fs';
import { type Localized, localized } from '../../../src/common/localized';
import { checkOptions, fdOption, fdOptionError, type ShellCommand, withUsage } from '../command';
import type { ParsedLine } from '../command-line';
import { explainErrno } from '../errno';
import { type KeepaliveTimes, LIBUV_KEEPALIVE, type ShellSocket } from '../shell-socket';

/** TCP_KEEPIDLE's bounds here: whole seconds, as the option takes them, up to the kernel's default of two hours. */
const MAX_IDLE_SECONDS = 7200;

const TEXT = localized({
  en: {
    summary: 'turn TCP keepalive on (first probe after IDLE_SECONDS idle) or off on a socket',
    details:
      'keepalive on 2 sets SO_KEEPALIVE and TCP_KEEPIDLE 2; Node then sets TCP_KEEPINTVL 1 and TCP_KEEPCNT 10 itself. Without IDLE_SECONDS the times stay as they were (the machine’s net.ipv4.tcp_keepalive_* at first).',
    silence:
      'When the peer falls silent the kernel gives up once every probe went unanswered: the shell says so, and the next recv or send returns ETIMEDOUT.',
    bad: `keepalive: on [IDLE_SECONDS] or off; IDLE_SECONDS is a whole number from 1 to ${MAX_IDLE_SECONDS}`,
    noSocket: 'no open socket; connect first',
    udp: (fd: number) => `keepalive: fd ${fd} is a UDP socket: keepalive probes a TCP connection, and UDP has none`,
    on: 'keepalive on: the kernel probes the connection once it has been idle',
    onWith: (times: string) => `keepalive on, with ${times}`,
    earlier: (times: string) => `the times set before: ${times}`,
    system: (times: string) => `the kernel's defaults (net.ipv4.tcp_keepalive_*): ${times}`,
    times: (idle: number, interval: number, probes: number) =>
      `the first probe after ${idle} s idle, then one every ${interval} s, and after ${probes} unanswered the kernel gives up`,
    idle: (seconds: number) => `the first probe after ${seconds} s without a packet from the peer`,
    interval: (seconds: number) =>
      `set by Node's runtime (libuv) itself whenever it sets an idle time: then a probe every ${seconds} s`,
    count: (probes: number, total: number) =>
      `set by libuv too: after ${probes} unanswered probes the kernel gives up with ETIMEDOUT, ${total} s after the peer's last packet`,
    off: 'keepalive off: no more probes; a peer that vanishes goes unnoticed until you send to it',
    gone: 'the connection is already over: there is nothing to probe',
    timedOut: (fd: number, probes: number) =>
      `[fd ${fd}: ETIMEDOUT — ${probes} keepalive probes went unanswered; the kernel closed the connection]`,
    unanswered: (probes: number) => `${probes} keepalive probes went unanswered: the kernel gave the connection up.`,
  },
  'zh-Hans': {
    summary: '在套接字上打开 TCP keepalive（空闲 IDLE_SECONDS 秒后发第一个探测）或者关闭它',
    details:
      'keepalive on 2 设置 SO_KEEPALIVE 和 TCP_KEEPIDLE 2；随后 Node 自己设置 TCP_KEEPINTVL 1 和 TCP_KEEPCNT 10。不给 IDLE_SECONDS 时沿用原来的时间（一开始是本机的 net.ipv4.tcp_keepalive_*）。',
    silence:
      '对端失联后，所有探测都得不到应答，内核就放弃这个连接：实验 shell 会告诉你，下一次 recv 或 send 返回 ETIMEDOUT。',
    bad: `keepalive: on [IDLE_SECONDS] 或 off；IDLE_SECONDS 是 1 到 ${MAX_IDLE_SECONDS} 之间的整数`,
    noSocket: '没有打开的套接字；请先 connect',
    udp: (fd) => `keepalive: fd ${fd} 是 UDP 套接字：keepalive 探测的是 TCP 连接，而 UDP 没有连接`,
    on: '打开 keepalive：连接空闲一段时间后，内核就会探测它',
    onWith: (times) => `打开 keepalive，使用${times}`,
    earlier: (times) => `之前设置的时间：${times}`,
    system: (times) => `内核的默认值（net.ipv4.tcp_keepalive_*）：${times}`,
    times: (idle, interval, probes) =>
      `空闲 ${idle} 秒后发第一个探测，之后每 ${interval} 秒一个，连续 ${probes} 个没有应答内核就放弃`,
    idle: (seconds) => `${seconds} 秒没有收到对端的任何数据包，就发出第一个探测`,
    interval: (seconds) => `这是 Node 的运行时（libuv）每次设置空闲时间时自己设置的：之后每 ${seconds} 秒一个探测`,
    count: (probes, total) =>
      `这也是 libuv 设置的：连续 ${probes} 个探测没有应答，内核就以 ETIMEDOUT 放弃，即对端最后一个数据包之后 ${total} 秒`,
    off: '关闭 keepalive：不再探测；对端失联了也不会被发现，直到你给它发数据',
    gone: '连接已经结束了：没有什么可以探测的',
    timedOut: (fd, probes) => `[fd ${fd}：ETIMEDOUT，连续 ${probes} 个 keepalive 探测都没有得到应答；内核关闭了连接]`,
    unanswered: (probes) => `连续 ${probes} 个 keepalive 探测都没有得到应答：内核放弃了这个连接。`,
  },
});

/** The machine's keepalive times, which a socket that never set its own uses; Linux's defaults if unreadable. */
function systemKeepalive(): KeepaliveTimes {
  const read = (name: string, fallback: number): number => {
    try {
      const value = Number(readFileSync(`/proc/sys/net/ipv4/${name}`, 'utf8').trim());
      return Number.isInteger(value) && value > 0 ? value : fallback;
    } catch {
      return fallback;
    }
  };
  return {
    idleSeconds: read('tcp_keepalive_time', 7200),
    intervalSeconds: read('tcp_keepalive_intvl', 75),
    probes: read('tcp_keepalive_probes', 9),
  };
}

function timesText({ idleSeconds, intervalSeconds, probes }: KeepaliveTimes): Localized {
  return TEXT.times(idleSeconds, intervalSeconds, probes);
}

/** How many probes the kernel sent before it gave `socket` up, if keepalive was on (and so the reason). */
function probesSent(socket: ShellSocket): number | undefined {
  const { on, times } = socket.keepalive;
  return on ? (times ?? systemKeepalive()).probes : undefined;
}

/** What the shell says between prompts when the kernel gave a connection up, if keepalive was the reason. */
export function keepaliveTimedOut(socket: ShellSocket): Localized | undefined {
  const probes = probesSent(socket);
  return probes === undefined ? undefined : TEXT.timedOut(socket.fd, probes);
}

/** What an errno of a call on `socket` means: an ETIMEDOUT with keepalive on is its probes going unanswered. */
export function explainStreamErrno(socket: ShellSocket, errno: string): Localized {
  const probes = errno === 'ETIMEDOUT' ? probesSent(socket) : undefined;
  return probes === undefined ? explainErrno(errno) : TEXT.unanswered(probes);
}

export const keepalive: ShellCommand = {
  name: 'keepalive',
  usage: 'keepalive on [IDLE_SECONDS] [--fd N] | off [--fd N]',
  summary: TEXT.summary,
  details: [TEXT.details, TEXT.silence],
  valueOptions: new Set(['--fd']),
  optionAliases: { '-f': '--fd' },
  run(context, line) {
    const words = withTrailingFd(line);
    if (!checkOptions(context, this, words, ['--fd'])) return;
    const fd = fdOption(words);
    if (fd === 'invalid') return context.fail(fdOptionError(this));
    const [mode, idleWord, extra] = words.args;
    const idle = idleWord === undefined ? undefined : /^\d{1,4}$/.test(idleWord) ? Number(idleWord) : Number.NaN;
    const valid =
      (mode === 'on' && (idle === undefined || (idle >= 1 && idle <= MAX_IDLE_SECONDS)) && extra === undefined) ||
      (mode === 'off' && idleWord === undefined);
    if (!valid) return context.fail(withUsage(TEXT.bad, this));
    const socket = context.sockets.pick(fd);
    if (socket === undefined) {
      return context.narrate(
        `setsockopt(fd ${fd ?? '?'}, SOL_SOCKET, SO_KEEPALIVE, ${mode === 'on' ? 1 : 0})`,
        '-1 EBADF',
        TEXT.noSocket,
      );
    }
    if (socket.protocol === 'udp') return context.fail(TEXT.udp(socket.fd));
    const before = socket.keepalive.times;
    const call = (level: string, option: string, value: number) =>
      `setsockopt(fd ${socket.fd}, ${level}, ${option}, ${value})`;
    if (!socket.setKeepAlive(mode === 'on', idle)) {
      // setsockopt() still succeeds on the fd of a connection the kernel has ended; it only has no effect.
      return context.narrate(call('SOL_SOCKET', 'SO_KEEPALIVE', mode === 'on' ? 1 : 0), '0', TEXT.gone);
    }
    if (mode === 'off') return context.narrate(call('SOL_SOCKET', 'SO_KEEPALIVE', 0), '0', TEXT.off);
    if (idle === undefined) {
      const kept = before === undefined ? TEXT.system(timesText(systemKeepalive())) : TEXT.earlier(timesText(before));
      return context.narrate(call('SOL_SOCKET', 'SO_KEEPALIVE', 1), '0', TEXT.onWith(kept));
    }
    const { intervalSeconds, probes } = LIBUV_KEEPALIVE;
    context.narrate(call('SOL_SOCKET', 'SO_KEEPALIVE', 1), '0', TEXT.on);
    context.narrate(call('IPPROTO_TCP', 'TCP_KEEPIDLE', idle), '0', TEXT.idle(idle));
    context.narrate(call('IPPROTO_TCP', 'TCP_KEEPINTVL', intervalSeconds), '0', TEXT.interval(intervalSeconds));
    context.narrate(
      call('IPPROTO_TCP', 'TCP_KEEPCNT', probes),
      '0',
      TEXT.count(probes, idle + probes * intervalSeconds),
    );
  },
};

/** The line with a `--fd N` typed after the words (`keepalive on 2 --fd 4`) taken as the option it is. */
function withTrailingFd(line: ParsedLine): ParsedLine {
  const at = line.args.findIndex((word) => word === '--fd' || word === '-f');
  if (at === -1) return line;
  const options = new Map(line.options);
  options.set('--fd', line.args[at + 1] ?? true);
  return { ...line, options, args: [...line.args.slice(0, at), ...line.args.slice(at + 2)] };
}

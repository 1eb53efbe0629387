/**
 * The checks of lab `tcp-reconnect`: the student's long-connection client gets online, comes back after the
 * server restarts, waits longer after each refused attempt, never retries in a tight loop, and gives up on a
 * silent peer by its own watchdog. The lab kit tells checks nothing of when a fault was set, so each check reads
 * the fault off what it did: a restart closes the client's connection from the server's side and then refuses
 * its SYNs with RST; a silence leaves the client's data unacknowledged, retransmitted by its kernel. Only the
 * first two can be seen in the echo server's records (a refused SYN never reaches a server, and a record has no
 * times); the others read the packets, and without capture they stay open and say so.
 */

import { type Localized, localized, sentences } from '../../src/common/localized';
import type { CheckContext, CheckDefinition, CheckVerdict, ConnectionRecord } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import { addressOf, CAPTURE_OFF } from '../common/capture-notes';
import { serverPort } from '../common/tcp-conversation';
import { type Attempt, attemptsTo, gapsOf, type Outage, outagesOf, sentDataAfter } from './attempts';
import { type ConnectionLife, connectionLives, endedByServer } from './connection-lives';

const TEXT = localized({
  en: {
    echoServer: 'the echo server',
    onlineTitle: 'Get online: connect and send a heartbeat',
    waitingForClient: (address: string) =>
      `Waiting for your program to connect to ${address} and send its first heartbeat.`,
    notEchoedYet: (peer: string) => `${peer} sent data; waiting for the echo to go back.`,
    online: (peer: string, bytes: number) =>
      `${peer} is online: the server received ${bytes} bytes from it and echoed them.`,
    backTitle: 'Come back after the server restarts',
    restartNow:
      'With your program online, restart the server for 10 s: the panel’s Restart the server for 10 s button, or fault restart echo 10 in the lab terminal.',
    waitingForReturn: (peer: string) =>
      `The server closed the connection from ${peer}; waiting for your program to connect again and send data.`,
    backFromRecords: (gone: string, back: string) =>
      `The server closed the connection from ${gone}, and your program came back from ${back} and sent data again.`,
    backFromPackets: (seconds: string, port: number) =>
      `${seconds} s after the server went away your program was online again, from port ${port}.`,
    backoffTitle: 'Wait longer after each failed attempt',
    needsPackets: 'Refused attempts never reach the server, so only the packets show them.',
    restartForBackoff:
      'Restart the server for 10 s while your program runs: this check times its attempts while the port refuses them.',
    fewAttempts:
      'Too few attempts while the server was away to see a backoff: restart it for longer (10 s) so that your program has to try at least three times.',
    grew: (first: string, last: string) =>
      `Your program waited ${first} s between its first two attempts and ${last} s before its last: longer and longer, as a backoff does.`,
    flat: (first: string, last: string) =>
      `Your program waited ${first} s between its first two attempts and ${last} s before its last: about the same each time. Double the wait after each failure (with a cap), so that many clients do not keep knocking at once.`,
    unclear: (first: string, last: string) =>
      `Your program waited ${first} s between its first two attempts and ${last} s before its last, which is no clear growth; restart the server for 10 s and look again.`,
    gentleTitle: 'Do not hammer the server: at least 250 ms between attempts',
    gentle: (shortest: string) =>
      `While the server was away, your program’s attempts were at least ${shortest} s apart.`,
    hammered: (milliseconds: string) =>
      `Your program tried again ${milliseconds} ms after a refusal: that is a tight loop. Wait before each new attempt, longer each time.`,
    watchdogTitle: 'Your watchdog fired while the peer was silent',
    makeSilent:
      'With your program online, make the peer silent: the panel’s Peer silent button, or fault silence echo on in the lab terminal. Then wait for your watchdog.',
    needsSilencePackets:
      'A silent peer sends nothing, so only the packets show that your data went unanswered and what your program did about it.',
    fired: (quiet: string) =>
      `${quiet} s after it last heard from the server, your program gave up on the connection and tried a new one, while the server had closed nothing: its watchdog fired.`,
    firedNoAttempt: (quiet: string) =>
      `After ${quiet} s without data your program closed the connection; waiting for it to try again.`,
    silentSoFar: (seconds: string, retransmissions: number) =>
      `The peer has been silent for ${seconds} s (your kernel sent the same data again ${retransmissions} times) and your program is still on that connection; waiting for its watchdog.`,
    neverFired: (seconds: string, retransmissions: number) =>
      `The peer was silent for ${seconds} s (your kernel sent the same data again ${retransmissions} times) and your program stayed on that connection: its watchdog never fired. Give up after a few missed heartbeats, close, and reconnect.`,
    answeredFirst: (seconds: string) =>
      `The peer was silent for ${seconds} s and answered again before your program tried a new connection: keep it silent until your program says it is reconnecting.`,
  },
  'zh-Hans': {
    echoServer: '回显服务器',
    onlineTitle: '上线：建立连接并发送心跳',
    waitingForClient: (address) => `等待你的程序连接到 ${address} 并发送第一个心跳。`,
    notEchoedYet: (peer) => `${peer} 已发送数据，正在等待回显发回。`,
    online: (peer, bytes) => `${peer} 已上线：服务器收到了它的 ${bytes} 字节并做了回显。`,
    backTitle: '服务器重启后重新连上',
    restartNow:
      '让你的程序保持在线，然后把服务器重启 10 秒：用实验面板上的「重启服务器，停止 10 秒」按钮，或者在实验终端里输入 fault restart echo 10。',
    waitingForReturn: (peer) => `服务器关闭了来自 ${peer} 的连接，正在等待你的程序重新连接并发送数据。`,
    backFromRecords: (gone, back) =>
      `服务器关闭了来自 ${gone} 的连接，你的程序又从 ${back} 连了回来，并重新发送了数据。`,
    backFromPackets: (seconds, port) => `服务器离开 ${seconds} 秒后，你的程序从端口 ${port} 重新上线了。`,
    backoffTitle: '每次失败后等待更久',
    needsPackets: '被拒绝的连接尝试根本到不了服务器，只有数据包里才看得到。',
    restartForBackoff: '在你的程序运行时把服务器重启 10 秒：这一项要在端口拒绝连接期间给它的每次尝试计时。',
    fewAttempts: '服务器离开期间的尝试太少，看不出退避：把重启时间设长一些（10 秒），让你的程序至少尝试三次。',
    grew: (first, last) =>
      `你的程序在头两次尝试之间等待了 ${first} 秒，最后一次尝试之前等待了 ${last} 秒：越等越久，这就是退避。`,
    flat: (first, last) =>
      `你的程序在头两次尝试之间等待了 ${first} 秒，最后一次尝试之前等待了 ${last} 秒：每次都差不多。每失败一次就把等待时间翻倍（并设上限），这样许多客户端才不会一直同时来敲门。`,
    unclear: (first, last) =>
      `你的程序在头两次尝试之间等待了 ${first} 秒，最后一次尝试之前等待了 ${last} 秒，看不出明显的增长；把服务器重启 10 秒再看一次。`,
    gentleTitle: '别猛攻服务器：两次尝试之间至少间隔 250 毫秒',
    gentle: (shortest) => `服务器离开期间，你的程序的各次尝试彼此至少相隔 ${shortest} 秒。`,
    hammered: (milliseconds) =>
      `你的程序在被拒绝后仅 ${milliseconds} 毫秒就再次尝试：这是一个空转的循环。每次重试前都要等待，而且一次比一次久。`,
    watchdogTitle: '对端静默时，你的看门狗触发了',
    makeSilent:
      '让你的程序保持在线，然后让对端静默：用实验面板上的「对端静默」按钮，或者在实验终端里输入 fault silence echo on。然后等你的看门狗触发。',
    needsSilencePackets: '静默的对端什么都不发，只有数据包才能说明你的数据没有得到应答，以及你的程序怎么处理的。',
    fired: (quiet) =>
      `最后一次收到服务器数据 ${quiet} 秒之后，你的程序放弃了这个连接并尝试建立新连接，而服务器什么都没有关闭：它的看门狗触发了。`,
    firedNoAttempt: (quiet) => `${quiet} 秒没有数据后，你的程序关闭了连接，正在等待它重新尝试。`,
    silentSoFar: (seconds, retransmissions) =>
      `对端已经静默 ${seconds} 秒（你的内核把同一份数据重发了 ${retransmissions} 次），你的程序仍然守在这个连接上，正在等待它的看门狗。`,
    neverFired: (seconds, retransmissions) =>
      `对端静默了 ${seconds} 秒（你的内核把同一份数据重发了 ${retransmissions} 次），你的程序却一直守在这个连接上：它的看门狗从未触发。应该在错过几次心跳之后放弃，关闭连接，然后重连。`,
    answeredFirst: (seconds) =>
      `对端静默了 ${seconds} 秒，在你的程序尝试新连接之前又有了应答：保持静默，直到你的程序提示它正在重连。`,
  },
});

const ECHO = 'echo';
/** Closer attempts than this are a tight loop, not a reconnect policy: a quarter of a second at the very least. */
export const MIN_GAP_S = 0.25;
/** A backoff grew when its last wait is this many times its first, */
const GROWTH = 1.5;
/** and no wait fell below this share of the one before it (jitter may shorten a wait, not halve it). */
const SHRINK = 0.6;
/** With three waits or more, a last wait under this many times the first is a fixed delay. */
const FLAT = 1.2;
/** A peer silent this long with the client still on its connection: the client has no watchdog worth the name. */
export const NEVER_FIRED_S = 30;

function seconds(value: number): string {
  return value.toFixed(1);
}

function echoRecords(context: CheckContext): ConnectionRecord[] {
  return context.connections.filter((record) => record.server === ECHO);
}

/** The packet-reading verdict, or why there is none: capture off, or no such server. */
function withPackets(context: CheckContext, needs: Localized, judge: (port: number) => CheckVerdict): CheckVerdict {
  if (!context.captureRunning) return pending(sentences(needs, CAPTURE_OFF));
  const port = serverPort(context.servers, ECHO);
  if (port === undefined) return pending(TEXT.restartForBackoff);
  return judge(port);
}

const online: CheckDefinition = {
  id: 'online',
  title: TEXT.onlineTitle,
  evaluate(context) {
    const records = echoRecords(context);
    const echoed = records.find((record) => record.receivedBytes > 0 && record.sentBytes > 0);
    if (echoed !== undefined) return passed(TEXT.online(echoed.peer, echoed.receivedBytes));
    const sent = records.find((record) => record.receivedBytes > 0);
    if (sent !== undefined) return pending(TEXT.notEchoedYet(sent.peer));
    return pending(TEXT.waitingForClient(addressOf(context, ECHO, TEXT.echoServer)));
  },
};

/** A connection the server closed first (no FIN or RST from the client before), then a newer one that sent data. */
function backInRecords(records: readonly ConnectionRecord[]): CheckVerdict | undefined {
  for (const [index, gone] of records.entries()) {
    if (!gone.closed || gone.peerFin || gone.reset) continue;
    const back = records.slice(index + 1).find((record) => record.receivedBytes > 0);
    if (back !== undefined) return passed(TEXT.backFromRecords(gone.peer, back.peer));
  }
  return undefined;
}

/** The server went away (closed a connection first, or refused a SYN); then an accepted attempt sent data. */
function backInPackets(context: CheckContext, port: number): CheckVerdict | undefined {
  const attempts = attemptsTo(context.packets, port);
  const gone = [
    ...connectionLives(context.packets, port)
      .filter(endedByServer)
      .map((life) => life.serverClosedAt ?? 0),
    ...attempts.filter((attempt) => attempt.outcome === 'refused').map((attempt) => attempt.time),
  ].sort((a, b) => a - b);
  let verdict: CheckVerdict | undefined;
  let since = -Infinity;
  for (const attempt of attempts) {
    if (attempt.outcome !== 'accepted') continue;
    const first = gone.find((time) => time > since && time < attempt.time);
    if (first !== undefined && sentDataAfter(context.packets, port, attempt.clientPort, attempt.time)) {
      verdict = passed(TEXT.backFromPackets(seconds(attempt.time - first), attempt.clientPort));
      since = attempt.time;
    }
  }
  return verdict;
}

const cameBack: CheckDefinition = {
  id: 'came-back',
  title: TEXT.backTitle,
  evaluate(context) {
    const records = echoRecords(context);
    const port = serverPort(context.servers, ECHO);
    const verdict =
      backInRecords(records) ??
      (context.captureRunning && port !== undefined ? backInPackets(context, port) : undefined);
    if (verdict !== undefined) return verdict;
    const offNote = context.captureRunning ? undefined : CAPTURE_OFF;
    const gone = records.filter((record) => record.closed && !record.peerFin && !record.reset).at(-1);
    if (gone !== undefined) return pending(sentences(TEXT.waitingForReturn(gone.peer), offNote));
    if (records.length === 0) {
      return pending(sentences(TEXT.waitingForClient(addressOf(context, ECHO, TEXT.echoServer)), offNote));
    }
    return pending(sentences(TEXT.restartNow, offNote));
  },
};

function firstAndLast(gaps: readonly number[]): [string, string] {
  return [seconds(gaps[0] ?? 0), seconds(gaps.at(-1) ?? 0)];
}

function grew(gaps: readonly number[]): boolean {
  const first = gaps[0];
  const last = gaps.at(-1);
  if (gaps.length < 2 || first === undefined || last === undefined) return false;
  return last >= GROWTH * first && gaps.every((gap, i) => i === 0 || gap >= SHRINK * (gaps[i - 1] ?? 0));
}

function outages(context: CheckContext, port: number): Outage[] {
  return outagesOf(attemptsTo(context.packets, port));
}

const backoff: CheckDefinition = {
  id: 'backoff',
  title: TEXT.backoffTitle,
  evaluate(context) {
    return withPackets(context, TEXT.needsPackets, (port) => {
      const all = outages(context, port);
      const grown = all.find((outage) => grew(gapsOf(outage)));
      // The first wait and the last only: how many waits there were is the capture question's answer.
      if (grown !== undefined) return passed(TEXT.grew(...firstAndLast(gapsOf(grown))));
      const latest = all.at(-1);
      if (latest === undefined) return pending(TEXT.restartForBackoff);
      const gaps = gapsOf(latest);
      if (gaps.length < 2) return pending(TEXT.fewAttempts);
      const first = gaps[0] ?? 0;
      const last = gaps.at(-1) ?? 0;
      if (gaps.length >= 3 && last < FLAT * first) return failed(TEXT.flat(...firstAndLast(gaps)));
      return pending(TEXT.unclear(...firstAndLast(gaps)));
    });
  },
};

/** The shortest time between two attempts of an outage, in seconds. */
function closest(all: readonly Outage[]): number | undefined {
  const gaps = all.flatMap(gapsOf);
  return gaps.length === 0 ? undefined : Math.min(...gaps);
}

const gentle: CheckDefinition = {
  id: 'no-hammering',
  title: TEXT.gentleTitle,
  evaluate(context) {
    return withPackets(context, TEXT.needsPackets, (port) => {
      const gap = closest(outages(context, port));
      if (gap === undefined) return pending(TEXT.restartForBackoff);
      if (gap < MIN_GAP_S) return failed(TEXT.hammered((gap * 1000).toFixed(1)));
      return passed(TEXT.gentle(seconds(gap)));
    });
  },
};

/**
 * The verdict on one connection whose peer went silent. The watchdog fired when the client tried a new connection
 * while the silence lasted: its FIN may not show, since a kernel that is still retransmitting holds it back, and
 * its SYNs are dropped like everything else, but the capture sees them go.
 */
function watchdogVerdict(life: ConnectionLife, attempts: readonly Attempt[], latest: number): CheckVerdict {
  const silence = life.silence;
  if (silence === undefined) return pending(TEXT.makeSilent);
  const end = silence.end ?? Infinity;
  const heard = silence.lastHeard ?? silence.start;
  const closed = life.clientClosedAt !== undefined && life.clientClosedAt < end ? life.clientClosedAt : undefined;
  const again = attempts.find(
    (attempt) => attempt.clientPort !== life.clientPort && attempt.time > silence.start && attempt.time < end,
  );
  if (again !== undefined) return passed(TEXT.fired(seconds(Math.min(closed ?? Infinity, again.time) - heard)));
  if (closed !== undefined) return pending(TEXT.firedNoAttempt(seconds(closed - heard)));
  const lasted = (silence.end ?? latest) - silence.start;
  if (lasted >= NEVER_FIRED_S) return failed(TEXT.neverFired(seconds(lasted), silence.retransmissions));
  if (silence.end !== undefined) return pending(TEXT.answeredFirst(seconds(lasted)));
  return pending(TEXT.silentSoFar(seconds(lasted), silence.retransmissions));
}

const watchdog: CheckDefinition = {
  id: 'watchdog',
  title: TEXT.watchdogTitle,
  evaluate(context) {
    return withPackets(context, TEXT.needsSilencePackets, (port) => {
      const attempts = attemptsTo(context.packets, port);
      const latest = context.packets.at(-1)?.time ?? 0;
      // A connection the server closed was restarted, not silenced: its unanswered data says nothing of a watchdog.
      const silenced = connectionLives(context.packets, port).filter(
        (life) => life.silence !== undefined && !endedByServer(life),
      );
      const verdicts = silenced.map((life) => watchdogVerdict(life, attempts, latest));
      return verdicts.find((verdict) => verdict.state === 'passed') ?? verdicts.at(-1) ?? pending(TEXT.makeSilent);
    });
  },
};

export const checks: readonly CheckDefinition[] = [online, cameBack, backoff, gentle, watchdog];

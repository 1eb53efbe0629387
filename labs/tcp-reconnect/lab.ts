/**
 * Lab `tcp-reconnect`, embedded in the lesson "Long connections: a reconnect loop with backoff and a network
 * watchdog": one TCP echo server per student, which the student restarts (it goes away for a few seconds and
 * comes back on the same port) or silences (it stops answering without closing) from the panel or the shell,
 * while their own long-connection client runs against it. Five checks, from the server's records and the
 * packets: online, back after the restart, a growing backoff, no tight loop, and a watchdog that fires; and a
 * capture question, how many attempts the last outage refused. The panel
 * shows the packets, the ladder and the server's timeline: many short connections, no one stream to follow.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks } from './checks';
import { questions } from './questions';

const TEXT = localized({
  en: {
    title: 'Long connections: a reconnect loop with backoff and a network watchdog',
    echoServer: 'TCP echo server',
    greeting:
      'Run your reconnecting client against the address above, then: fault restart echo 10 · fault silence echo on · fault silence echo off   (help lists every command)',
  },
  'zh-Hans': {
    title: '长连接：带退避的重连循环与网络看门狗',
    echoServer: 'TCP 回显服务器',
    greeting:
      '让你的重连客户端连到上面的地址，然后试试：fault restart echo 10 · fault silence echo on · fault silence echo off   （help 列出所有命令）',
  },
});

export default defineLab({
  id: 'tcp-reconnect',
  title: TEXT.title,
  servers: [{ id: 'echo', kind: 'tcp-echo', title: TEXT.echoServer }],
  checks,
  questions,
  greeting: TEXT.greeting,
  views: ['packets', 'ladder', 'events'],
  faults: [
    { kind: 'restart', server: 'echo' },
    { kind: 'silence', server: 'echo' },
  ],
});

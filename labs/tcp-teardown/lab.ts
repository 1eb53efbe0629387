/**
 * Lab `tcp-teardown`, embedded in the lesson "Closing a connection: FIN, TIME_WAIT and RST": a TCP echo server
 * to close connections with, and a port of the session where nothing listens, to be refused by. Three checks
 * and four questions, all judged on the student's own packets.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks } from './checks';
import { questions } from './questions';

const TEXT = localized({
  en: {
    title: 'Closing a connection: FIN, TIME_WAIT and RST',
    echoServer: 'TCP echo server',
    closedPort: 'Closed port (nothing listens)',
    greeting:
      'Try: connect echo · send Hello,world! · recv · close · connect closed — then count packets in the Ladder tab',
  },
  'zh-Hans': {
    title: '关闭连接：FIN、TIME_WAIT 与 RST',
    echoServer: 'TCP 回显服务器',
    closedPort: '关闭的端口（没有程序在监听）',
    greeting:
      '试试：connect echo · send Hello,world! · recv · close · connect closed，然后在「时序图」标签页里数一数数据包',
  },
});

export default defineLab({
  id: 'tcp-teardown',
  title: TEXT.title,
  servers: [
    { id: 'echo', kind: 'tcp-echo', title: TEXT.echoServer },
    { id: 'closed', kind: 'closed-port', title: TEXT.closedPort },
  ],
  checks,
  questions,
  greeting: TEXT.greeting,
});

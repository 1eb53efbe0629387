/**
 * Lab `tcp-handshake`, embedded in the lesson "The three-way handshake": one TCP echo server per student, two
 * checks judged on the student's own packets, and four questions the student answers from that capture.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks } from './checks';
import { questions } from './questions';

const TEXT = localized({
  en: {
    title: 'The three-way handshake',
    echoServer: 'TCP echo server',
    greeting: 'Try: connect echo · send Hello,world! · recv · close — then open the Packets and Ladder tabs',
  },
  'zh-Hans': {
    title: '三次握手',
    echoServer: 'TCP 回显服务器',
    greeting: '试试：connect echo · send Hello,world! · recv · close，然后打开「数据包」和「时序图」标签页',
  },
});

export default defineLab({
  id: 'tcp-handshake',
  title: TEXT.title,
  servers: [{ id: 'echo', kind: 'tcp-echo', title: TEXT.echoServer }],
  checks,
  questions,
  greeting: TEXT.greeting,
});

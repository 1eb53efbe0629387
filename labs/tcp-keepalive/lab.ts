/**
 * Lab `tcp-keepalive`, embedded in the lesson "Keepalive and the silent peer": one TCP echo server per student
 * whose kernel probes a connection idle for a couple of seconds, the fault that silences it (every packet to and
 * from its port dropped: the peer vanished without FIN or RST), three checks and two capture questions read from
 * the student's own packets.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks, ECHO } from './checks';
import { questions } from './questions';

const TEXT = localized({
  en: {
    title: 'Keepalive and the silent peer',
    echoServer: 'TCP echo server with keepalive',
    greeting: 'Try: connect echo · send Hello,world! · recv — then wait, and watch the Packets tab',
  },
  'zh-Hans': {
    title: 'Keepalive 与沉默的对端',
    echoServer: '开启了 keepalive 的 TCP 回显服务器',
    greeting: '试试：connect echo · send Hello,world! · recv，然后等一等，看「数据包」标签页',
  },
});

export default defineLab({
  id: 'tcp-keepalive',
  title: TEXT.title,
  servers: [{ id: ECHO, kind: 'tcp-keepalive-echo', title: TEXT.echoServer }],
  checks,
  questions,
  greeting: TEXT.greeting,
  faults: [{ kind: 'silence', server: ECHO }],
});

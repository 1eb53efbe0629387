/**
 * Lab `udp-echo`, embedded in the lesson "UDP: datagrams without a connection": one UDP echo server per student,
 * with packet loss on demand, and four checks that a capture of a few datagrams answers: one arrived, two stayed
 * two, a second socket made a second flow, and a datagram whose echo did not come was sent again. There is no
 * stream to follow, so the panel shows packets, the ladder and the server's timeline.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks } from './checks';

const TEXT = localized({
  en: {
    title: 'UDP: datagrams without a connection',
    echoServer: 'UDP echo server',
    greeting: 'Try: socket udp · sendto echo Hello,world! · recvfrom   (help lists every command)',
  },
  'zh-Hans': {
    title: 'UDP：没有连接的数据报',
    echoServer: 'UDP 回显服务器',
    greeting: '试试：socket udp · sendto echo Hello,world! · recvfrom   （help 列出所有命令）',
  },
});

export default defineLab({
  id: 'udp-echo',
  title: TEXT.title,
  servers: [{ id: 'echo', kind: 'udp-echo', title: TEXT.echoServer }],
  checks,
  greeting: TEXT.greeting,
  views: ['packets', 'ladder', 'events'],
  faults: [{ kind: 'loss', server: 'echo' }],
});

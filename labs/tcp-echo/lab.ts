/**
 * Lab `tcp-echo`, embedded in the lesson "Your first TCP connection": one TCP echo server per student and the
 * four checks of a complete exchange.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks } from './checks';

const TEXT = localized({
  en: {
    title: 'Your first TCP connection',
    echoServer: 'TCP echo server',
    greeting: 'Try: connect echo · send Hello,world! · recv · close   (help lists every command)',
  },
  'zh-Hans': {
    title: '你的第一条 TCP 连接',
    echoServer: 'TCP 回显服务器',
    greeting: '试试：connect echo · send Hello,world! · recv · close   （help 列出所有命令）',
  },
});

export default defineLab({
  id: 'tcp-echo',
  title: TEXT.title,
  servers: [{ id: 'echo', kind: 'tcp-echo', title: TEXT.echoServer }],
  checks,
  greeting: TEXT.greeting,
});

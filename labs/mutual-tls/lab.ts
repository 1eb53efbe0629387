/**
 * Lab `mutual-tls`, embedded in the lesson "Mutual TLS: the server asks who you are": one TLS 1.3 echo server per
 * student that requires a client certificate chained to the class CA, two checks (refused without a certificate,
 * echoed with the session's own) and two questions answered from the student's own handshakes.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks, MTLS } from './checks';
import { questions } from './questions';

const TEXT = localized({
  en: {
    title: 'Mutual TLS: the server asks who you are',
    mtlsServer: 'mutual TLS echo server (client certificate required)',
    greeting:
      'Try: connect --tls mtls · then connect --tls --cert mine mtls · send Hello,world!   (help lists every command)',
  },
  'zh-Hans': {
    title: '双向 TLS：服务器要问你是谁',
    mtlsServer: '双向 TLS 回显服务器（必须出示客户端证书）',
    greeting:
      '试试：connect --tls mtls · 然后 connect --tls --cert mine mtls · send Hello,world!   （help 列出所有命令）',
  },
});

export default defineLab({
  id: 'mutual-tls',
  title: TEXT.title,
  servers: [{ id: MTLS, kind: 'mtls-echo', title: TEXT.mtlsServer }],
  checks,
  questions,
  greeting: TEXT.greeting,
  views: ['handshake', 'packets', 'certificates', 'events'],
});

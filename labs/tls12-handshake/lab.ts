/**
 * Lab `tls12-handshake`, embedded in the lesson "The TLS 1.2 handshake in ten steps": two TLS 1.2 echo servers per
 * student, one that negotiates an ECDHE suite and one that takes only `TLS_RSA_WITH_AES_128_CBC_SHA` (the RSA key
 * exchange, without forward secrecy), three checks (each handshake completed, both seen in the capture) and four
 * questions answered from the student's own handshakes. The handshake view comes first: it is what the lesson reads.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks, ECDHE, RSA } from './checks';
import { questions } from './questions';

const TEXT = localized({
  en: {
    title: 'The TLS 1.2 handshake in ten steps',
    ecdheServer: 'TLS 1.2 echo server (ECDHE)',
    rsaServer: 'TLS 1.2 echo server (RSA key exchange)',
    greeting:
      'Try: connect --tls --tls1.2 ecdhe · send Hello,world! · then connect --tls --tls1.2 rsa   (help lists every command)',
  },
  'zh-Hans': {
    title: '十步看懂 TLS 1.2 握手',
    ecdheServer: 'TLS 1.2 回显服务器（ECDHE）',
    rsaServer: 'TLS 1.2 回显服务器（RSA 密钥交换）',
    greeting:
      '试试：connect --tls --tls1.2 ecdhe · send Hello,world! · 然后 connect --tls --tls1.2 rsa   （help 列出所有命令）',
  },
});

export default defineLab({
  id: 'tls12-handshake',
  title: TEXT.title,
  servers: [
    { id: ECDHE, kind: 'tls12-echo', title: TEXT.ecdheServer },
    { id: RSA, kind: 'tls12-rsa-echo', title: TEXT.rsaServer },
  ],
  checks,
  questions,
  greeting: TEXT.greeting,
  views: ['handshake', 'packets', 'certificates', 'events'],
});

/**
 * Lab `tls13-handshake`, embedded in the lesson "TLS 1.3: one round trip": one TLS echo server per student that
 * negotiates TLS 1.3, two checks (the handshake completed and echoed, the encrypted messages seen in the capture
 * read with the session's keys) and four questions answered from the student's own handshake.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks, ECHO } from './checks';
import { questions } from './questions';

const TEXT = localized({
  en: {
    title: 'TLS 1.3: one round trip',
    echoServer: 'TLS echo server (TLS 1.2 and 1.3)',
    greeting: 'Try: connect --tls --tls1.3 echo · send Hello,world! · recv   (help lists every command)',
  },
  'zh-Hans': {
    title: 'TLS 1.3：一个往返',
    echoServer: 'TLS 回显服务器（TLS 1.2 和 1.3）',
    greeting: '试试：connect --tls --tls1.3 echo · send Hello,world! · recv   （help 列出所有命令）',
  },
});

export default defineLab({
  id: 'tls13-handshake',
  title: TEXT.title,
  servers: [{ id: ECHO, kind: 'tls-echo', title: TEXT.echoServer }],
  checks,
  questions,
  greeting: TEXT.greeting,
  views: ['handshake', 'packets', 'certificates', 'events'],
});

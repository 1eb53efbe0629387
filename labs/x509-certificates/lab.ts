/**
 * Lab `x509-certificates`, embedded in the lesson "Certificates: what is inside an X.509 certificate": one TLS 1.3
 * echo server per student with a certificate of the class PKI (leaf, intermediate, class root), two checks (a
 * verified echo, a ClientHello that named the server) and five questions about the certificate the student's own
 * connection received. The handshake and certificate views come first: the lesson is read off them.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks, ECHO } from './checks';
import { questions } from './questions';

const TEXT = localized({
  en: {
    title: 'Certificates: what is inside an X.509 certificate',
    echoServer: 'TLS echo server',
    greeting:
      'Try: connect --tls --ca class --servername localhost echo · send Hello,world! · recv   (the Certificates tab shows what you received)',
  },
  'zh-Hans': {
    title: '证书：X.509 证书里有什么',
    echoServer: 'TLS 回显服务器',
    greeting:
      '试试：connect --tls --ca class --servername localhost echo · send Hello,world! · recv   （「证书」标签页显示你收到了什么）',
  },
});

export default defineLab({
  id: 'x509-certificates',
  title: TEXT.title,
  servers: [{ id: ECHO, kind: 'tls-echo', title: TEXT.echoServer }],
  checks,
  questions,
  greeting: TEXT.greeting,
  views: ['handshake', 'certificates', 'packets', 'events'],
});

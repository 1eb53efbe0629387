/**
 * Lab `tls-chain`, embedded in the lesson "The chain of trust, verification and revocation (CRL, OCSP)": a TLS echo
 * server whose chain verifies and the eight failure endpoints of the class PKI, one certificate wrong in one way
 * each. Six checks (a verified echo with the good server, then each failure refused, by the step that refuses
 * it) and three questions read off the chains the student's own connections received. The certificate viewer
 * comes first: each of its steps ✓/✗ is what the lesson is about.
 */

import { localized } from '../../src/common/localized';
import { defineLab, type LabServerSpec } from '../../src/lab-kit';
import { checks } from './checks';
import { FAILURE_ENDPOINTS, type FailureEndpoint, GOOD, kindOf } from './endpoints';
import { questions } from './questions';

const TEXT = localized({
  en: {
    title: 'The chain of trust, verification and revocation (CRL, OCSP)',
    good: 'TLS echo server (a chain that verifies)',
    expired: 'Failure endpoint: expired certificate',
    'not-yet-valid': 'Failure endpoint: certificate not valid yet',
    'wrong-host': 'Failure endpoint: certificate for another host',
    'self-signed': 'Failure endpoint: self-signed certificate',
    'untrusted-root': 'Failure endpoint: chain to an untrusted root',
    'incomplete-chain': 'Failure endpoint: intermediate missing',
    revoked: 'Failure endpoint: revoked certificate',
    weak: 'Failure endpoint: RSA 1024 and SHA-1',
    greeting:
      'Try: connect --tls --ca class --servername localhost good · then the same to expired, wrong-host, … (the Certificates tab shows each step)',
  },
  'zh-Hans': {
    title: '信任链、证书验证与吊销（CRL、OCSP）',
    good: 'TLS 回显服务器（证书链能验证通过）',
    expired: '故障端点：证书已过期',
    'not-yet-valid': '故障端点：证书尚未生效',
    'wrong-host': '故障端点：为别的主机签发的证书',
    'self-signed': '故障端点：自签名证书',
    'untrusted-root': '故障端点：证书链通到不受信任的根证书',
    'incomplete-chain': '故障端点：缺少中间证书',
    revoked: '故障端点：证书已吊销',
    weak: '故障端点：RSA 1024 与 SHA-1',
    greeting:
      '试试：connect --tls --ca class --servername localhost good · 然后用同样的命令连接 expired、wrong-host…（「证书」标签页显示每一个验证步骤）',
  },
});

const failureServers: LabServerSpec[] = FAILURE_ENDPOINTS.map((endpoint: FailureEndpoint) => ({
  id: endpoint,
  kind: kindOf(endpoint),
  title: TEXT[endpoint],
}));

export default defineLab({
  id: 'tls-chain',
  title: TEXT.title,
  servers: [{ id: GOOD, kind: 'tls-echo', title: TEXT.good }, ...failureServers],
  checks,
  questions,
  greeting: TEXT.greeting,
  views: ['certificates', 'handshake', 'events', 'packets'],
});

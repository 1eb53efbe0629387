/**
 * Lab `tcp-reliability`, embedded in the lesson "Reliability: acknowledgements, retransmission, checksums": one
 * TCP echo server per student with the loss fault on it, two checks (data retransmitted under loss, every byte
 * back in order) and two questions the student answers from their own capture (the first retransmitted Seq, and
 * the duplicate ACKs before it). The Follow Stream view stays: it shows the bytes whole, whatever was lost.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks, ECHO } from './checks';
import { questions } from './questions';

const TEXT = localized({
  en: {
    title: 'Reliability: acknowledgements, retransmission, checksums',
    echoServer: 'TCP echo server',
    greeting:
      'Try: loss 20 (or the loss control on the panel) · then run the sender from the lesson against the echo server · loss 0',
  },
  'zh-Hans': {
    title: '可靠性：确认、重传与校验和',
    echoServer: 'TCP 回显服务器',
    greeting: '试试：loss 20（或者面板上的丢包控件）· 然后用课程里的发送程序连接回显服务器 · loss 0',
  },
});

export default defineLab({
  id: 'tcp-reliability',
  title: TEXT.title,
  servers: [{ id: ECHO, kind: 'tcp-echo', title: TEXT.echoServer }],
  checks,
  questions,
  greeting: TEXT.greeting,
  faults: [{ kind: 'loss', server: ECHO }],
});

/**
 * Lab `tcp-flow-control`, embedded in the lesson "Flow control: the sliding window and zero window": one slow
 * reader per student, a server that leaves a new connection unread for a few seconds, then reads everything. The
 * student's own program sends far more than the server's receive buffer holds; three checks see that it did, that
 * the window closed and that it opened again with nothing lost, and three questions are answered from the
 * student's own capture. A byte stream of megabytes is nothing to follow, so the panel shows packets, the ladder
 * and the server's timeline.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks } from './checks';
import { questions } from './questions';

const TEXT = localized({
  en: {
    title: 'Flow control: the sliding window and zero window',
    reader: 'Slow reader (reads nothing for its first seconds)',
    greeting:
      'Run a sender from the lesson against the reader: it sends 8 MiB, far more than the window. Then open the Packets tab and look for Win=0.',
  },
  'zh-Hans': {
    title: '流量控制：滑动窗口与零窗口',
    reader: '慢读服务器（头几秒一个字节都不读）',
    greeting:
      '用课程里的某个发送程序连上慢读服务器：它会发送 8 MiB，远远超过窗口大小。然后打开「数据包」标签页，找 Win=0。',
  },
});

export default defineLab({
  id: 'tcp-flow-control',
  title: TEXT.title,
  servers: [{ id: 'reader', kind: 'tcp-slow-reader', title: TEXT.reader }],
  checks,
  questions,
  greeting: TEXT.greeting,
  views: ['packets', 'ladder', 'events'],
});

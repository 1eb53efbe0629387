/**
 * Lab `network-assistant`, embedded in the lesson "The network assistant: your board connects to you": the lab
 * terminal is the PC's network assistant (NetAssist, SSCOM, LLCOM), with a TCP and a UDP server that the
 * student's own program or board connects to, and four checks on what that program did: it connected and sent
 * the greeting, two of its clients were connected at once, three messages went on three short connections, and
 * a datagram reached the UDP side.
 */

import { localized } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { checks } from './checks';

const TEXT = localized({
  en: {
    title: 'The network assistant: your board connects to you',
    tcpAssistant: 'TCP network assistant',
    udpAssistant: 'UDP network assistant',
    greeting:
      'You are the PC now: listen, run your program against the TCP assistant, then clients · send --to 1 DATA   (help lists every command)',
  },
  'zh-Hans': {
    title: '网络助手：让开发板来连接你',
    tcpAssistant: 'TCP 网络助手',
    udpAssistant: 'UDP 网络助手',
    greeting:
      '现在你是电脑这一侧：listen，让你的程序连接 TCP 网络助手，然后 clients · send --to 1 DATA   （help 列出所有命令）',
  },
});

export default defineLab({
  id: 'network-assistant',
  title: TEXT.title,
  servers: [
    { id: 'assistant', kind: 'tcp-assistant', title: TEXT.tcpAssistant },
    { id: 'udp', kind: 'udp-assistant', title: TEXT.udpAssistant },
  ],
  checks,
  greeting: TEXT.greeting,
});

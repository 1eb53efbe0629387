/**
 * What the landing page says, in every language of the course. Here rather than in `code.json`, whose messages
 * Docusaurus puts into every page's main.js: these go only where the landing page goes. A `{name}` in a sentence
 * is an element the page puts there (a highlighted phrase, a command in code); every language keeps the same ones.
 */

import { localized } from '../../common/localized';

export const TEXT = localized({
  en: {
    metaTitle: 'A hands-on course in socket programming',
    metaDescription:
      'Learn socket programming by talking to real servers: from a terminal in the page, your own code or a board, with live checks.',
    eyebrow: 'A hands-on course in socket programming',
    /** The headline; `{servers}` is `headlineServers`, highlighted. */
    headline: 'Learn sockets by talking to {servers}.',
    headlineServers: 'real servers',
    lead: 'socketlab runs real echo servers for you, right on your machine. Type in the terminal on the page, or point your own Python, C or Node program — or a board on your desk — at the address the lab shows, and watch the checks turn green as the server sees your bytes arrive.',
    start: 'Start the first lesson',
    how: 'How the course works',
    featuresLabel: 'What you get',
    serversTitle: 'Real servers, your own ports',
    serversText:
      'Each lab starts real TCP and UDP servers for your session, on your machine, and sets real faults on them: lost packets, a silent peer, a restart. Nothing is simulated: every byte you send crosses a real socket.',
    terminalTitle: 'A terminal in the page',
    terminalText:
      'The lab shell narrates what the socket API does — socket() = fd 3, connect() = 0, recv() = 12 bytes, ECONNREFUSED — as you type.',
    clientTitle: 'Bring your own client',
    clientText:
      'Copy a complete program in Python, C, Node, MicroPython or nc with your server’s address filled in — or point an ESP32 or a Raspberry Pi on your network at it.',
    checksTitle: 'Live checks',
    checksText:
      'The lab watches its servers and tells you, in one sentence each, what you got right and what is still missing — the moment it happens.',
    nowTitle: 'In the course now',
    firstConnectionTitle: 'Your first TCP connection',
    firstConnectionText:
      'Sockets, ports and byte order; connect, send, read the echo and close, from the page and your own code.',
    handshakeTitle: 'The three-way handshake',
    handshakeText: 'SYN, SYN-ACK and ACK in your own capture: sequence numbers, ISNs and the options in a SYN.',
    closingTitle: 'Closing a connection',
    closingText: 'FIN in each direction, half-close, TIME_WAIT and RST, packet by packet.',
    udpTitle: 'UDP: datagrams without a connection',
    udpText: 'No handshake and no FIN: datagrams that keep their boundaries, the 8-byte header, timeouts and retries.',
    reliabilityTitle: 'Reliability',
    reliabilityText:
      'Turn on packet loss and watch TCP resend: cumulative ACKs, the retransmission timeout, duplicate ACKs, fast retransmit.',
    flowControlTitle: 'Flow control',
    flowControlText:
      'Fill a server that does not read: the sliding window shrinks to zero, your side probes, the update lets it go on.',
    keepaliveTitle: 'Keepalive and the silent peer',
    keepaliveText: 'Probes on an idle connection, and a peer that vanishes without FIN or RST, until ETIMEDOUT.',
    reconnectTitle: 'Long connections',
    reconnectText:
      'A reconnect loop with backoff and a watchdog, run against a server you restart and silence yourself.',
    assistantTitle: 'The network assistant',
    assistantText:
      'The terminal as the PC’s server that your board connects to: several clients, hex, timed sends, short connections.',
    nextTitle: 'Planned',
    nextTls: 'TLS and certificates: a class PKI, TLS 1.2 and 1.3, mutual TLS and the decrypted handshake',
    nextClassroom:
      'Classroom mode: students join with a code, each gets private lab servers, the instructor sees who passed',
    /** `{command}` is `npm ci && npm start`, `{url}` the local address, both in code and the same in every language. */
    local:
      'Everything runs on your own machine: {command}, then open {url}. No accounts, no cloud, and it works offline.',
  },
  'zh-Hans': {
    metaTitle: '动手学套接字编程',
    metaDescription: '和真实的服务器对话，学习套接字编程：用页面里的终端、你自己的代码或一块开发板，配合实时检查。',
    eyebrow: '动手学套接字编程',
    headline: '和{servers}对话，学会套接字。',
    headlineServers: '真实的服务器',
    lead: 'socketlab 就在你的机器上为你运行真实的回显服务器。在页面里的终端中输入命令，或者让你自己的 Python、C、Node 程序（或桌上的一块开发板）连接实验给出的地址，服务器每收到你的字节，检查项就随之变绿。',
    start: '开始第一课',
    how: '课程怎么学',
    featuresLabel: '你能得到什么',
    serversTitle: '真实的服务器，你自己的端口',
    serversText:
      '每个实验都在你的机器上为你的会话启动真实的 TCP 和 UDP 服务器，并给它们制造真实的故障：丢包、对端静默、服务器重启。没有任何模拟：你发出的每个字节都经过一个真实的套接字。',
    terminalTitle: '页面里的终端',
    terminalText:
      '你一边输入，实验 shell 一边讲解 socket API 做了什么：socket() = fd 3、connect() = 0、recv() = 12 字节、ECONNREFUSED。',
    clientTitle: '用你自己的客户端',
    clientText:
      '复制一份完整的 Python、C、Node、MicroPython 或 nc 程序，服务器地址已经填好；也可以让局域网里的 ESP32 或树莓派连过来。',
    checksTitle: '实时检查',
    checksText: '实验盯着它的服务器，每一项用一句话告诉你哪些已经做对、还差什么，事情一发生就告诉你。',
    nowTitle: '课程现有内容',
    firstConnectionTitle: '你的第一条 TCP 连接',
    firstConnectionText: '套接字、端口与字节序；在页面里和用你自己的代码完成连接、发送、读回显和关闭。',
    handshakeTitle: '三次握手',
    handshakeText: '在你自己的抓包里看 SYN、SYN-ACK 和 ACK：序号、ISN，以及 SYN 携带的选项。',
    closingTitle: '关闭连接',
    closingText: '两个方向各自的 FIN、半关闭、TIME_WAIT 和 RST，一个包一个包地看。',
    udpTitle: 'UDP：没有连接的数据报',
    udpText: '没有握手也没有 FIN：保留报文边界的数据报、8 字节的首部、超时与重传。',
    reliabilityTitle: '可靠性',
    reliabilityText: '打开丢包，看 TCP 怎样重传：累积确认、重传超时、重复 ACK 与快速重传。',
    flowControlTitle: '流量控制',
    flowControlText: '向一个不读数据的服务器猛发：滑动窗口缩到零，你这一端发探测，窗口更新后传输继续。',
    keepaliveTitle: 'Keepalive 与沉默的对端',
    keepaliveText: '空闲连接上的探测报文，以及一个不发 FIN 也不发 RST 就消失的对端，直到 ETIMEDOUT。',
    reconnectTitle: '长连接',
    reconnectText: '带退避和看门狗的重连循环，对着一个由你亲手重启、亲手让它静默的服务器运行。',
    assistantTitle: '网络助手',
    assistantText: '把终端当作电脑上的服务器，让开发板来连接：多个客户端、十六进制、定时发送、短连接。',
    nextTitle: '计划中',
    nextTls: 'TLS 与证书：班级 PKI、TLS 1.2 和 1.3、双向 TLS，以及解密后的握手',
    nextClassroom: '课堂模式：学生凭邀请码加入，每人一套私有的实验服务器，教师看得到谁通过了',
    local: '一切都在你自己的机器上运行：{command}，然后打开 {url}。不用注册账号，不依赖云服务，断网也能用。',
  },
});

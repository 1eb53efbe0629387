/**
 * What the lab shell models rather than measures, said the first time it matters in a session and then no more:
 * its fd numbers, its own timeouts, Ctrl-C as an interrupted call, the RST it sends for unread data, what
 * its timing of connect() does and does not include, and what a UDP socket is told (its bind, connect() without
 * a packet, ECONNREFUSED for a connected socket only; UNIX Network Programming vol. 1, §8.9–8.11). A student who later writes the same calls in C must not
 * mistake the shell's choices for the kernel's (an `EAGAIN` the shell made up, a "handshake time" that is a
 * function's return), so each choice is named as the shell's once. The texts are kept together, in every language.
 */

import { type Localized, localized } from '../../src/common/localized';

const TEXT = localized({
  en: {
    fdNumbers:
      'the lab shell numbers fds like a process whose 0, 1 and 2 are stdin, stdout and stderr, so sockets start at 3',
    connectTiming:
      'connect() returns once the kernel has done SYN → SYN-ACK → ACK; the lab shell timed the call, its own work included: the Packets tab times the handshake itself',
    connectTimeout:
      "the lab shell's timeout; a blocking connect() would resend the SYN for about two minutes, then fail with ETIMEDOUT",
    connectTimeoutOption:
      'a C program sets such a limit itself: a non-blocking connect(), then poll() for the time, and ETIMEDOUT when poll() returns 0; Python has settimeout(), Node a timer that destroys the socket',
    recvTimeout: "the lab shell's timeout; a blocking recv() would keep waiting",
    recvNoWait: 'with --wait 0 the lab shell only looks; a blocking recv() would wait for data',
    interrupt:
      'the lab shell lets Ctrl-C interrupt the call, as a signal handler would; without one, Ctrl-C ends a C program',
    resetOnClose:
      'the lab shell holds received bytes itself, so it resets the connection on close as Linux does when close() discards unread data',
    udpBind:
      "the kernel binds a socket at its first sendto() or connect(); the lab shell binds to 127.0.0.1, where a C program's socket would get 0.0.0.0, every address of the machine",
    udpConnect:
      'connect() on a UDP socket sends nothing: it fixes the peer, so send() and recv() need no address, and datagrams from other addresses are dropped',
    udpRefused:
      'the ICMP port unreachable reaches only a connected UDP socket: an unconnected one may have sent to many addresses, and the error could not say which one refused',
    udpTimeout:
      "the lab shell's timeout; a blocking recvfrom() would keep waiting, even after an ICMP port unreachable, which an unconnected socket is never told of",
    assistantBacklog:
      'the lab server made these calls when the session started, so that a board could connect before you typed listen: the kernel completes a handshake without the program and keeps the connection, and what it sends, until accept() and recv() take them',
    assistantQueue:
      'the lab server bound this socket when the session started: datagrams that came before you typed listen waited in its receive queue, as the kernel keeps them for a program that has not called recvfrom() yet',
    tlsVerifiesLate:
      "the lab shell, like Node's tls, verifies once the handshake is done and then drops the connection; OpenSSL in C with SSL_VERIFY_PEER, Python's ssl and mbedTLS stop at the Certificate message and send an alert instead (certificate_expired, unknown_ca, bad_certificate)",
  },
  'zh-Hans': {
    fdNumbers: '实验 shell 像普通进程那样给 fd 编号：0、1、2 是 stdin、stdout 和 stderr，所以套接字从 3 开始',
    connectTiming:
      '内核完成 SYN → SYN-ACK → ACK 之后 connect() 才返回；实验 shell 计的是这次调用的耗时，包括它自己的开销，握手本身的耗时要看「数据包」标签页',
    connectTimeout: '这是实验 shell 自己的超时；阻塞的 connect() 会在大约两分钟内反复重发 SYN，然后以 ETIMEDOUT 失败',
    connectTimeoutOption:
      'C 程序要自己设置这样的上限：先用非阻塞的 connect()，再用 poll() 等这么久，poll() 返回 0 就当作 ETIMEDOUT；Python 有 settimeout()，Node 则用定时器销毁套接字',
    recvTimeout: '这是实验 shell 自己的超时；阻塞的 recv() 会一直等下去',
    recvNoWait: '用 --wait 0 时实验 shell 只看一眼；阻塞的 recv() 会一直等到有数据',
    interrupt:
      '实验 shell 让 Ctrl-C 中断这次调用，就像装了信号处理函数一样；没有信号处理函数时，Ctrl-C 会直接结束 C 程序',
    resetOnClose:
      '收到的字节由实验 shell 自己保管，所以关闭时它像 Linux 那样复位连接：close() 丢弃未读数据时，内核发出的是 RST',
    udpBind:
      '内核在第一次 sendto() 或 connect() 时为套接字绑定地址；实验 shell 绑定的是 127.0.0.1，而 C 程序的套接字会绑定到 0.0.0.0，即本机的所有地址',
    udpConnect:
      '对 UDP 套接字调用 connect() 不会发出任何数据包：它只是固定对端，之后 send() 和 recv() 不用再写地址，来自其他地址的数据报会被丢弃',
    udpRefused:
      'ICMP 端口不可达只会通知已连接的 UDP 套接字：未连接的套接字可能发给过很多地址，这个错误没法说明是哪一个拒绝了',
    udpTimeout:
      '这是实验 shell 自己的超时；阻塞的 recvfrom() 会一直等下去，即使已经收到 ICMP 端口不可达也一样，因为未连接的套接字根本不会得到通知',
    assistantBacklog:
      '这些调用是实验服务器在会话开始时做的，所以你输入 listen 之前开发板就能连上：三次握手由内核完成，不需要程序参与，连接和它发来的数据会一直留在内核里，直到 accept() 和 recv() 把它们取走',
    assistantQueue:
      '这个套接字是实验服务器在会话开始时绑定的：你输入 listen 之前到达的数据报一直在它的接收队列里等着，就像内核为还没调用 recvfrom() 的程序保留数据报一样',
    tlsVerifiesLate:
      '实验 shell 和 Node 的 tls 一样，握手完成之后才验证证书，验证失败再断开连接；C 里用 SSL_VERIFY_PEER 的 OpenSSL、Python 的 ssl 和 mbedTLS 则在收到 Certificate 消息时就停下，改发一个告警（certificate_expired、unknown_ca、bad_certificate）',
  },
});

export type ModelTopic = keyof typeof TEXT;

/** Which notes this session has shown. */
export class ModelNotes {
  readonly #shown = new Set<ModelTopic>();

  /** The note's text the first time `topic` comes up, undefined after that. */
  once(topic: ModelTopic): Localized | undefined {
    if (this.#shown.has(topic)) return undefined;
    this.#shown.add(topic);
    return TEXT[topic];
  }
}

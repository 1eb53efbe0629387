/**
 * What socket errors mean, in a sentence a student can act on. The shell prints `-1 ECONNREFUSED` as a C
 * program would see it, followed by one of these; the errno name itself is never translated.
 */

import { type Localized, localized } from '../../src/common/localized';

const TEXT = localized({
  en: {
    ECONNREFUSED: 'nothing is listening on that port: the other kernel answered the SYN with RST.',
    ETIMEDOUT: 'no answer came back: the SYN (or later data) was never acknowledged.',
    ECONNRESET: 'the peer reset the connection (RST): it closed with data unread, or aborted.',
    EPIPE: 'the connection is closed for writing: the peer has gone away.',
    EHOSTUNREACH: 'there is no route to that host.',
    ENETUNREACH: 'there is no route to that network.',
    EADDRNOTAVAIL: 'that address is not available on this machine.',
    EMFILE: 'too many open sockets: close one first.',
    ENOTCONN: 'the socket is not connected.',
    EBADF: 'no socket has that file descriptor.',
    EINTR: 'interrupted by Ctrl-C.',
    EDESTADDRREQ: 'the socket has no peer: give an address with sendto, or connect it first.',
    EISCONN: 'the socket is connected: send to its peer, or use another socket for other addresses.',
    EAFNOSUPPORT: 'socket udp makes an AF_INET socket, which cannot reach an IPv6 address.',
    EMSGSIZE: 'the datagram is larger than UDP can carry (65,507 bytes over IPv4).',
    EAGAIN: 'the peer has not read what was sent to it before: the send buffer is full, try again later.',
    datagramRefused: 'an ICMP port unreachable came back for an earlier datagram: nothing listens on that UDP port.',
    other: 'the operation failed.',
  },
  'zh-Hans': {
    ECONNREFUSED: '那个端口上没有程序在监听：对方内核用 RST 回应了 SYN。',
    ETIMEDOUT: '没有收到回应：SYN（或之后的数据）一直没有被确认。',
    ECONNRESET: '对端复位了连接（RST）：它在还有数据未读时关闭了套接字，或者中止了连接。',
    EPIPE: '连接的写方向已经关闭：对端已经不在了。',
    EHOSTUNREACH: '没有到那台主机的路由。',
    ENETUNREACH: '没有到那个网络的路由。',
    EADDRNOTAVAIL: '本机上没有这个地址。',
    EMFILE: '打开的套接字太多：先关掉一个。',
    ENOTCONN: '套接字还没有连接。',
    EBADF: '没有哪个套接字用这个文件描述符。',
    EINTR: '被 Ctrl-C 中断了。',
    EDESTADDRREQ: '套接字没有对端：用 sendto 指明地址，或者先 connect。',
    EISCONN: '套接字已经连接：只能发给它的对端，发往别的地址请另开一个套接字。',
    EAFNOSUPPORT: 'socket udp 创建的是 AF_INET 套接字，不能发往 IPv6 地址。',
    EMSGSIZE: '数据报超过了 UDP 能携带的大小（IPv4 上最多 65,507 字节）。',
    EAGAIN: '对端还没有读走之前发给它的数据：发送缓冲区已满，请稍后再试。',
    datagramRefused: '之前发出的数据报换回了一个 ICMP 端口不可达：那个 UDP 端口上没有程序在监听。',
    other: '操作失败。',
  },
});

type Explained = Exclude<keyof typeof TEXT, 'other' | 'datagramRefused'>;

export function explainErrno(code: string): Localized {
  return Object.hasOwn(TEXT, code) && code !== 'other' && code !== 'datagramRefused'
    ? TEXT[code as Explained]
    : TEXT.other;
}

/** The same for a UDP socket, whose ECONNREFUSED is an ICMP port unreachable, not a RST answering a SYN. */
export function explainDatagramErrno(code: string): Localized {
  return code === 'ECONNREFUSED' ? TEXT.datagramRefused : explainErrno(code);
}

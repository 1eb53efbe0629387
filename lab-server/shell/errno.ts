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
    other: '操作失败。',
  },
});

type Explained = Exclude<keyof typeof TEXT, 'other'>;

export function explainErrno(code: string): Localized {
  return Object.hasOwn(TEXT, code) && code !== 'other' ? TEXT[code as Explained] : TEXT.other;
}

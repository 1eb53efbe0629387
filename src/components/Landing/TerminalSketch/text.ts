/**
 * What the landing page's drawn lab shell says, in every language of the course: its window title, what it
 * reads out to a screen reader, the lab's checks beneath it, and the two lines of the shell's own narration that
 * are in words. Those two are what the lab shell prints in that language (`screen.integration.test.ts` runs the
 * shell to be sure), with the sketch's own addresses and timing.
 */

import { localized } from '../../../common/localized';

export const TEXT = localized({
  en: {
    bar: 'lab shell',
    label: 'A lab shell session: connect to the echo server, send Hello,world!, receive the echo',
    checkConnect: 'Connect to your echo server',
    checkEcho: 'Get your bytes back',
    checkClose: 'Close the connection cleanly',
    /** After `connect(fd 3, …) = 0`, as the shell explains the call; the server's title is the lab's. */
    connected: 'connect() returned after 0.2 ms; local address 127.0.0.1:51514 — TCP echo server',
    /** The shell's news between prompts, once the echo is back. */
    arrived: '[fd 3: 12 bytes arrived — type recv to read them]',
  },
  'zh-Hans': {
    bar: '实验 shell',
    label: '一段实验 shell 会话：连接回显服务器，发送 Hello,world!，收到回显',
    checkConnect: '连接到你的回显服务器',
    checkEcho: '收回你发出的字节',
    checkClose: '干净地关闭连接',
    connected: 'connect() 在 0.2 ms 后返回；本地地址 127.0.0.1:51514 — TCP 回显服务器',
    arrived: '[fd 3：到达 12 字节，输入 recv 读取]',
  },
});

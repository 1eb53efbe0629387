/**
 * The copy-paste programs the lab panel offers for reaching a lab server from the student's own machine, in
 * Python, C, Node, MicroPython (for a board: ESP32, Raspberry Pi Pico W) and nc, with the server's real host
 * and port filled in. Each is a complete program that
 * connects, sends `Hello,world!`, reads the echo, prints it and closes — written the way the course teaches:
 * TCP reads loop until the expected bytes or EOF (a byte stream has no message boundaries), C prints only the
 * bytes `recv` returned, every call is checked. Their comments speak the page's language, as the lessons'
 * listings do; the code is the same in every one. Pure string building, so a test can compile and run each one.
 */

import { type Locale, type Localized, localized } from '../common/localized';

// A comment of several lines is wrapped by hand in each language, to fit 80 columns.
const TEXT = localized({
  en: {
    saveAsPython: 'Save as echo_client.py, run: python3 echo_client.py',
    pythonByteStream: 'TCP is a byte stream: the echo can arrive in pieces,\nso read until all of it is here.',
    pythonEof: 'b"" is EOF: the server closed the connection',
    udpConnect: 'For UDP, connect() only fixes the peer; no packet is sent.',
    udpBoundaries: 'UDP keeps message boundaries: one datagram out, one datagram back.',
    saveAsC: 'Save as echo_client.c, build and run:',
    cPosix: 'For getaddrinfo() also when compiled with a strict -std=c11.',
    cNul: '12 bytes: the terminating NUL is not sent.',
    cResolve: 'Resolve HOST and PORT (IPv4 or IPv6), then connect to the first\naddress that works.',
    cSendLoop: 'send() may write fewer bytes than asked: loop until all are sent.',
    cByteStream: 'TCP is a byte stream: the echo can arrive in pieces, so read until\nall of it is here.',
    eof: 'EOF: the server closed the connection',
    cUdpTimeout: 'Wait at most 5 seconds for the reply: a lost datagram is never resent.',
    cPrint:
      'Print exactly the bytes received: buf has no terminating NUL, and\nprinting sizeof(buf) bytes would show the garbage after them.',
    saveAsNode: 'Save as echo_client.mjs, run: node echo_client.mjs',
    nodeSilent: 'Give up if the server stays silent for 5 s (or never closes after the echo).',
    nodeByteStream: 'TCP is a byte stream: the echo can arrive in pieces,\nso collect until all of it is here.',
    nodeEnd: "Close our sending side (a FIN); the socket closes when the server's does.",
    nodeUdpTimeout: 'A lost datagram is never resent: wait at most 5 s for the reply.',
    nodeUdpConnect: 'For UDP, connect() only fixes the peer; no packet is sent until send().',
    saveAsMicroPython:
      "MicroPython on a board (ESP32, Pico W): save as main.py on the board, after\nit has joined your network (network.WLAN). HOST must be an address the\nboard can reach: start the lab server on your computer's network address.",
    microPythonRead: 'Read until the whole echo is here, as in any TCP client.',
    microPythonUdp: 'One datagram out; wait at most 5 s for the one that comes back.',
    ncTcp:
      "Send Hello,world! (12 bytes, no newline) and print the echo.\n-N closes nc's sending side (a FIN) once printf is done, so the server\ncloses too and nc exits. No -N in your nc (macOS, netcat-traditional)?\nUse -w 2 instead.",
    ncUdp:
      'Send Hello,world! as one UDP datagram and print the reply.\n-w 2 makes nc quit 2 s after the last datagram.',
  },
  'zh-Hans': {
    saveAsPython: '保存为 echo_client.py，运行：python3 echo_client.py',
    pythonByteStream: 'TCP 是字节流：回显可能分几次到达，\n所以一直读，直到全部到齐。',
    pythonEof: 'b"" 表示文件结束：服务器关闭了连接',
    udpConnect: '对 UDP 来说，connect() 只是固定对端，不发送任何数据包。',
    udpBoundaries: 'UDP 保留消息边界：发出一个数据报，收回一个数据报。',
    saveAsC: '保存为 echo_client.c，编译并运行：',
    cPosix: '即使用严格的 -std=c11 编译，也能使用 getaddrinfo()。',
    cNul: '12 个字节：结尾的 NUL 不发送。',
    cResolve: '解析 HOST 和 PORT（IPv4 或 IPv6），然后连接第一个能连上的地址。',
    cSendLoop: 'send() 写出的字节可能比要求的少：循环直到全部发完。',
    cByteStream: 'TCP 是字节流：回显可能分几次到达，所以一直读，直到全部到齐。',
    eof: '文件结束：服务器关闭了连接',
    cUdpTimeout: '最多等 5 秒回复：丢失的数据报永远不会重发。',
    cPrint: '只打印收到的字节：buf 没有结尾的 NUL，\n打印 sizeof(buf) 个字节会把后面的垃圾数据也显示出来。',
    saveAsNode: '保存为 echo_client.mjs，运行：node echo_client.mjs',
    nodeSilent: '服务器 5 秒没有动静（或者回显之后一直不关闭）就放弃。',
    nodeByteStream: 'TCP 是字节流：回显可能分几次到达，\n所以一直收集，直到全部到齐。',
    nodeEnd: '关闭我们的发送方向（一个 FIN）；等服务器也关闭，套接字才关闭。',
    nodeUdpTimeout: '丢失的数据报永远不会重发：最多等 5 秒回复。',
    nodeUdpConnect: '对 UDP 来说，connect() 只是固定对端；在 send() 之前不发送任何数据包。',
    ncTcp:
      '发送 Hello,world!（12 个字节，不带换行符），并打印回显。\nprintf 结束后，-N 让 nc 关闭它的发送方向（一个 FIN），\n于是服务器也关闭，nc 随之退出。你的 nc 没有 -N\n（macOS、netcat-traditional）？那就改用 -w 2。',
    saveAsMicroPython:
      '开发板上的 MicroPython（ESP32、Pico W）：开发板连上你的网络（network.WLAN）\n之后，保存为开发板上的 main.py。HOST 必须是开发板能访问到的地址：\n让实验服务器监听在你电脑的局域网地址上。',
    microPythonRead: '和任何 TCP 客户端一样，一直读，直到回显全部到齐。',
    microPythonUdp: '发出一个数据报；最多等 5 秒，等回来的那一个。',
    ncUdp: '把 Hello,world! 作为一个 UDP 数据报发送，并打印回复。\n-w 2 让 nc 在最后一个数据报之后 2 秒退出。',
  },
});

/** What every snippet sends, and expects back from an echo server. */
const SNIPPET_MESSAGE = 'Hello,world!';

export type SnippetLanguage = 'python' | 'c' | 'node' | 'micropython' | 'nc';

export interface SnippetTarget {
  readonly host: string;
  readonly port: number;
  readonly transport: 'tcp' | 'udp';
}

export interface Snippet {
  readonly language: SnippetLanguage;
  /** Tab label. */
  readonly label: string;
  /** Prism language for highlighting. */
  readonly highlight: string;
  /** The file name the program's first comment tells the student to save it as; undefined for a shell line. */
  readonly fileName: string | undefined;
  readonly code: string;
}

export function snippetsFor(target: SnippetTarget, locale: Locale = 'en'): Snippet[] {
  return [
    pythonSnippet(target, locale),
    cSnippet(target, locale),
    nodeSnippet(target, locale),
    microPythonSnippet(target, locale),
    ncSnippet(target, locale),
  ];
}

/** Each line of `text` as a line comment (`#`, `//`), behind `indent`. */
function lineComments(indent: string, marker: string, text: Localized, locale: Locale): string {
  return text[locale]
    .split('\n')
    .map((line) => `${indent}${marker} ${line}`)
    .join('\n');
}

/** `text` as one C block comment, its later lines under its first. */
function blockComment(indent: string, text: Localized, locale: Locale): string {
  return `${indent}/* ${text[locale].split('\n').join(`\n${indent}   `)} */`;
}

// ---------------------------------------------------------------- Python

/** The opening both Python programs share: how to run it, the import, and the server and message. */
function pythonHead(saveAs: string, host: string, port: number): string {
  return `${saveAs}
import socket

HOST = ${jsonString(host)}
PORT = ${port}
MESSAGE = b${jsonString(SNIPPET_MESSAGE)}
`;
}

export function pythonSnippet({ host, port, transport }: SnippetTarget, locale: Locale = 'en'): Snippet {
  const say = (indent: string, text: Localized): string => lineComments(indent, '#', text, locale);
  const head = pythonHead(say('', TEXT.saveAsPython), host, port);
  const body =
    transport === 'tcp'
      ? `
with socket.create_connection((HOST, PORT), timeout=5) as sock:
    sock.sendall(MESSAGE)
${say('    ', TEXT.pythonByteStream)}
    received = b""
    while len(received) < len(MESSAGE):
        chunk = sock.recv(len(MESSAGE) - len(received))
        if not chunk:  # ${TEXT.pythonEof[locale]}
            break
        received += chunk

print(received.decode("ascii", errors="replace"))
`
      : `
family, kind, proto, _, address = socket.getaddrinfo(
    HOST, PORT, type=socket.SOCK_DGRAM
)[0]
with socket.socket(family, kind, proto) as sock:
    sock.settimeout(5)
${say('    ', TEXT.udpConnect)}
    sock.connect(address)
    sock.send(MESSAGE)
${say('    ', TEXT.udpBoundaries)}
    received = sock.recv(2048)

print(received.decode("ascii", errors="replace"))
`;
  return { language: 'python', label: 'Python', highlight: 'python', fileName: 'echo_client.py', code: head + body };
}

// ---------------------------------------------------------------- C

export function cSnippet({ host, port, transport }: SnippetTarget, locale: Locale = 'en'): Snippet {
  const tcp = transport === 'tcp';
  const say = (indent: string, text: Localized): string => blockComment(indent, text, locale);
  const head = `/* ${TEXT.saveAsC[locale]}
 *   cc -Wall -o echo_client echo_client.c && ./echo_client
 */
${say('', TEXT.cPosix)}
#define _POSIX_C_SOURCE 200112L

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
${tcp ? '' : '#include <sys/time.h> /* struct timeval */\n'}#include <sys/types.h>
#include <unistd.h>

#define HOST ${cString(host)}
#define PORT "${port}"

int main(void) {
    const char message[] = ${cString(SNIPPET_MESSAGE)};
${say('    ', TEXT.cNul)}
    const size_t length = strlen(message);

${say('    ', TEXT.cResolve)}
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = ${tcp ? 'SOCK_STREAM' : 'SOCK_DGRAM'};
    struct addrinfo *addresses;
    int status = getaddrinfo(HOST, PORT, &hints, &addresses);
    if (status != 0) {
        fprintf(stderr, "getaddrinfo: %s\\n", gai_strerror(status));
        return 1;
    }
    int fd = -1;
    int saved_errno = 0;
    for (struct addrinfo *ai = addresses; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd == -1) {
            saved_errno = errno;
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            break;
        }
        saved_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(addresses);
    if (fd == -1) {
        fprintf(stderr, "connect to %s port %s: %s\\n", HOST, PORT,
                strerror(saved_errno));
        return 1;
    }
`;
  const exchange = tcp
    ? `
${say('    ', TEXT.cSendLoop)}
    size_t sent = 0;
    while (sent < length) {
        ssize_t n = send(fd, message + sent, length - sent, 0);
        if (n == -1) {
            perror("send");
            close(fd);
            return 1;
        }
        sent += (size_t)n;
    }

${say('    ', TEXT.cByteStream)}
    char buf[64];
    size_t received = 0;
    while (received < length) {
        ssize_t n = recv(fd, buf + received, length - received, 0);
        if (n == -1) {
            perror("recv");
            close(fd);
            return 1;
        }
        if (n == 0) {
            break; ${say('', TEXT.eof)}
        }
        received += (size_t)n;
    }
`
    : `
${say('    ', TEXT.cUdpTimeout)}
    struct timeval timeout = {.tv_sec = 5, .tv_usec = 0};
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout)
        == -1) {
        perror("setsockopt");
        close(fd);
        return 1;
    }

${say('    ', TEXT.udpBoundaries)}
    if (send(fd, message, length, 0) == -1) {
        perror("send");
        close(fd);
        return 1;
    }
    char buf[2048];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n == -1) {
        perror("recv");
        close(fd);
        return 1;
    }
    size_t received = (size_t)n;
`;
  const tail = `
${say('    ', TEXT.cPrint)}
    fwrite(buf, 1, received, stdout);
    putchar('\\n');

    if (close(fd) == -1) {
        perror("close");
        return 1;
    }
    return 0;
}
`;
  return { language: 'c', label: 'C', highlight: 'c', fileName: 'echo_client.c', code: head + exchange + tail };
}

// ---------------------------------------------------------------- Node

export function nodeSnippet({ host, port, transport }: SnippetTarget, locale: Locale = 'en'): Snippet {
  const say = (indent: string, text: Localized): string => lineComments(indent, '//', text, locale);
  const code =
    transport === 'tcp'
      ? `${say('', TEXT.saveAsNode)}
import net from 'node:net';

const HOST = ${jsonString(host)};
const PORT = ${port};
const MESSAGE = Buffer.from(${jsonString(SNIPPET_MESSAGE)});

const chunks = [];
let received = 0;
let printed = false;

const socket = net.createConnection({ host: HOST, port: PORT }, () => {
  socket.write(MESSAGE);
});
${say('', TEXT.nodeSilent)}
socket.setTimeout(5000, () => {
  socket.destroy(printed ? undefined : new Error('no echo within 5 s'));
});

${say('', TEXT.nodeByteStream)}
socket.on('data', (chunk) => {
  chunks.push(chunk);
  received += chunk.length;
  if (received >= MESSAGE.length) finish();
});
socket.on('end', finish); ${say('', TEXT.eof)}
socket.on('error', (error) => {
  console.error(\`error: \${error.message}\`);
  process.exitCode = 1;
});

function finish() {
  if (printed) return;
  printed = true;
  console.log(Buffer.concat(chunks).toString());
${say('  ', TEXT.nodeEnd)}
  socket.end();
}
`
      : `${say('', TEXT.saveAsNode)}
import dgram from 'node:dgram';
import net from 'node:net';

const HOST = ${jsonString(host)};
const PORT = ${port};
const MESSAGE = Buffer.from(${jsonString(SNIPPET_MESSAGE)});

const socket = dgram.createSocket(net.isIPv6(HOST) ? 'udp6' : 'udp4');
${say('', TEXT.nodeUdpTimeout)}
const timer = setTimeout(() => fail(new Error('no echo within 5 s')), 5000);

${say('', TEXT.udpBoundaries)}
socket.on('message', (reply) => {
  clearTimeout(timer);
  console.log(reply.toString());
  socket.close();
});
socket.on('error', fail);
${say('', TEXT.nodeUdpConnect)}
socket.connect(PORT, HOST, () => socket.send(MESSAGE));

function fail(error) {
  clearTimeout(timer);
  console.error(\`error: \${error.message}\`);
  process.exitCode = 1;
  socket.close();
}
`;
  return { language: 'node', label: 'Node', highlight: 'javascript', fileName: 'echo_client.mjs', code };
}

// ---------------------------------------------------------------- MicroPython

/**
 * What a board runs: MicroPython's `socket` has no `create_connection` or `sendall` on every port, so it
 * resolves with `getaddrinfo`, connects, and writes with `send` in a loop. The same code runs under CPython,
 * which is how the tests run it.
 */
export function microPythonSnippet({ host, port, transport }: SnippetTarget, locale: Locale = 'en'): Snippet {
  const say = (indent: string, text: Localized): string => lineComments(indent, '#', text, locale);
  const head = pythonHead(say('', TEXT.saveAsMicroPython), host, port);
  const body =
    transport === 'tcp'
      ? `
address = socket.getaddrinfo(HOST, PORT, 0, socket.SOCK_STREAM)[0][-1]
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.settimeout(5)
sock.connect(address)
sent = 0
while sent < len(MESSAGE):
    sent += sock.send(MESSAGE[sent:])
${say('', TEXT.microPythonRead)}
received = b""
while len(received) < len(MESSAGE):
    chunk = sock.recv(len(MESSAGE) - len(received))
    if not chunk:  # ${TEXT.pythonEof[locale]}
        break
    received += chunk
sock.close()
print(received.decode())
`
      : `
address = socket.getaddrinfo(HOST, PORT, 0, socket.SOCK_DGRAM)[0][-1]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(5)
${say('', TEXT.microPythonUdp)}
sock.sendto(MESSAGE, address)
received = sock.recv(2048)
sock.close()
print(received.decode())
`;
  return {
    language: 'micropython',
    label: 'MicroPython',
    highlight: 'python',
    fileName: 'main.py',
    code: head + body,
  };
}

// ---------------------------------------------------------------- nc

export function ncSnippet({ host, port, transport }: SnippetTarget, locale: Locale = 'en'): Snippet {
  const say = (text: Localized): string => lineComments('', '#', text, locale);
  const code =
    transport === 'tcp'
      ? `${say(TEXT.ncTcp)}
printf '${SNIPPET_MESSAGE}' | nc -N ${shellWord(host)} ${port}; echo
`
      : `${say(TEXT.ncUdp)}
printf '${SNIPPET_MESSAGE}' | nc -u -w 2 ${shellWord(host)} ${port}; echo
`;
  return { language: 'nc', label: 'nc', highlight: 'bash', fileName: undefined, code };
}

// ---------------------------------------------------------------- quoting

/** A double-quoted literal valid in Python and JavaScript (JSON's escapes are a subset of both). */
function jsonString(text: string): string {
  return JSON.stringify(text);
}

/** A C string literal. Octal escapes, because a hex escape would swallow the hex digits that follow it. */
function cString(text: string): string {
  let out = '"';
  for (const byte of new TextEncoder().encode(text)) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte < 0x7f && byte !== 0x3f) out += String.fromCharCode(byte);
    // `?` is escaped too, so no `??x` trigraph can form.
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** A host name or address as one shell word: bare when it is plainly safe, single-quoted otherwise. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9._:-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

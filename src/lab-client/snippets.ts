/**
 * The copy-paste programs the lab panel offers for reaching a lab server from the student's own machine, in
 * Python, C, Node and nc, with the server's real host and port filled in. Each is a complete program that
 * connects, sends `Hello,world!`, reads the echo, prints it and closes — written the way the course teaches:
 * TCP reads loop until the expected bytes or EOF (a byte stream has no message boundaries), C prints only the
 * bytes `recv` returned, every call is checked. Pure string building, so a test can compile and run each one.
 */

/** What every snippet sends, and expects back from an echo server. */
const SNIPPET_MESSAGE = 'Hello,world!';

export type SnippetLanguage = 'python' | 'c' | 'node' | 'nc';

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

export function snippetsFor(target: SnippetTarget): Snippet[] {
  return [pythonSnippet(target), cSnippet(target), nodeSnippet(target), ncSnippet(target)];
}

// ---------------------------------------------------------------- Python

export function pythonSnippet({ host, port, transport }: SnippetTarget): Snippet {
  const head = `# Save as echo_client.py, run: python3 echo_client.py
import socket

HOST = ${jsonString(host)}
PORT = ${port}
MESSAGE = b${jsonString(SNIPPET_MESSAGE)}
`;
  const body =
    transport === 'tcp'
      ? `
with socket.create_connection((HOST, PORT), timeout=5) as sock:
    sock.sendall(MESSAGE)
    # TCP is a byte stream: the echo can arrive in pieces,
    # so read until all of it is here.
    received = b""
    while len(received) < len(MESSAGE):
        chunk = sock.recv(len(MESSAGE) - len(received))
        if not chunk:  # b"" is EOF: the server closed the connection
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
    # For UDP, connect() only fixes the peer; no packet is sent.
    sock.connect(address)
    sock.send(MESSAGE)
    # UDP keeps message boundaries: one datagram out, one datagram back.
    received = sock.recv(2048)

print(received.decode("ascii", errors="replace"))
`;
  return { language: 'python', label: 'Python', highlight: 'python', fileName: 'echo_client.py', code: head + body };
}

// ---------------------------------------------------------------- C

export function cSnippet({ host, port, transport }: SnippetTarget): Snippet {
  const tcp = transport === 'tcp';
  const head = `/* Save as echo_client.c, build and run:
 *   cc -Wall -o echo_client echo_client.c && ./echo_client
 */
/* For getaddrinfo() also when compiled with a strict -std=c11. */
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
    /* 12 bytes: the terminating NUL is not sent. */
    const size_t length = strlen(message);

    /* Resolve HOST and PORT (IPv4 or IPv6), then connect to the first
       address that works. */
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
    /* send() may write fewer bytes than asked: loop until all are sent. */
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

    /* TCP is a byte stream: the echo can arrive in pieces, so read until
       all of it is here. */
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
            break; /* EOF: the server closed the connection */
        }
        received += (size_t)n;
    }
`
    : `
    /* Wait at most 5 seconds for the reply: a lost datagram is never resent. */
    struct timeval timeout = {.tv_sec = 5, .tv_usec = 0};
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout)
        == -1) {
        perror("setsockopt");
        close(fd);
        return 1;
    }

    /* UDP keeps message boundaries: one datagram out, one datagram back. */
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
    /* Print exactly the bytes received: buf has no terminating NUL, and
       printing sizeof(buf) bytes would show the garbage after them. */
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

export function nodeSnippet({ host, port, transport }: SnippetTarget): Snippet {
  const code =
    transport === 'tcp'
      ? `// Save as echo_client.mjs, run: node echo_client.mjs
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
// Give up if the server stays silent for 5 s (or never closes after the echo).
socket.setTimeout(5000, () => {
  socket.destroy(printed ? undefined : new Error('no echo within 5 s'));
});

// TCP is a byte stream: the echo can arrive in pieces,
// so collect until all of it is here.
socket.on('data', (chunk) => {
  chunks.push(chunk);
  received += chunk.length;
  if (received >= MESSAGE.length) finish();
});
socket.on('end', finish); // EOF: the server closed the connection
socket.on('error', (error) => {
  console.error(\`error: \${error.message}\`);
  process.exitCode = 1;
});

function finish() {
  if (printed) return;
  printed = true;
  console.log(Buffer.concat(chunks).toString());
  // Close our sending side (a FIN); the socket closes when the server's does.
  socket.end();
}
`
      : `// Save as echo_client.mjs, run: node echo_client.mjs
import dgram from 'node:dgram';
import net from 'node:net';

const HOST = ${jsonString(host)};
const PORT = ${port};
const MESSAGE = Buffer.from(${jsonString(SNIPPET_MESSAGE)});

const socket = dgram.createSocket(net.isIPv6(HOST) ? 'udp6' : 'udp4');
// A lost datagram is never resent: wait at most 5 s for the reply.
const timer = setTimeout(() => fail(new Error('no echo within 5 s')), 5000);

// UDP keeps message boundaries: one datagram out, one datagram back.
socket.on('message', (reply) => {
  clearTimeout(timer);
  console.log(reply.toString());
  socket.close();
});
socket.on('error', fail);
// For UDP, connect() only fixes the peer; no packet is sent until send().
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

// ---------------------------------------------------------------- nc

export function ncSnippet({ host, port, transport }: SnippetTarget): Snippet {
  const code =
    transport === 'tcp'
      ? `# Send Hello,world! (12 bytes, no newline) and print the echo.
# -N closes nc's sending side (a FIN) once printf is done, so the server
# closes too and nc exits. No -N in your nc (macOS, netcat-traditional)?
# Use -w 2 instead.
printf '${SNIPPET_MESSAGE}' | nc -N ${shellWord(host)} ${port}; echo
`
      : `# Send Hello,world! as one UDP datagram and print the reply.
# -w 2 makes nc quit 2 s after the last datagram.
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

/**
 * Unit tests of the snippet texts: addresses and values are filled in, quoting is safe for odd host names, and
 * the habits the course teaches are in the code. Running the programs for real is the integration test's job.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cSnippet, ncSnippet, nodeSnippet, pythonSnippet, snippetsFor } from './snippets';

const TCP = { host: '127.0.0.1', port: 20417, transport: 'tcp' } as const;

describe('snippetsFor', () => {
  it('offers Python, C, Node, MicroPython and nc, in that order', () => {
    assert.deepEqual(
      snippetsFor(TCP).map((s) => s.language),
      ['python', 'c', 'node', 'micropython', 'nc'],
    );
  });

  it('fills in the real host and port', () => {
    for (const snippet of snippetsFor(TCP)) {
      assert.match(snippet.code, /127\.0\.0\.1/, snippet.label);
      assert.match(snippet.code, /20417/, snippet.label);
      assert.match(snippet.code, /Hello,world!/, snippet.label);
    }
  });

  it('keeps every line within 80 columns, so the programs fit the lesson column without scrolling', () => {
    for (const transport of ['tcp', 'udp'] as const) {
      for (const snippet of snippetsFor({ host: '192.168.100.200', port: 65535, transport })) {
        for (const line of snippet.code.split('\n')) {
          assert.ok(line.length <= 80, `${snippet.label} ${transport}: ${line}`);
        }
      }
    }
  });

  it('tells where to save each program', () => {
    for (const snippet of snippetsFor(TCP)) {
      if (snippet.fileName !== undefined) assert.ok(snippet.code.includes(snippet.fileName), snippet.label);
    }
  });
});

describe('snippetsFor in Chinese', () => {
  /** The code without its comments and blank lines: what must not change with the language. */
  function code(snippet: { readonly language: string; readonly code: string }): string[] {
    const text =
      snippet.language === 'c'
        ? snippet.code.replace(/\/\*[\s\S]*?\*\//g, '')
        : snippet.code.replace(snippet.language === 'node' ? /\/\/.*$/gm : /#.*$/gm, '');
    return text
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line !== '');
  }

  it('writes its comments in Chinese and its code as in English, still within 80 columns', () => {
    for (const transport of ['tcp', 'udp'] as const) {
      const target = { host: '192.168.100.200', port: 65535, transport };
      const english = snippetsFor(target);
      snippetsFor(target, 'zh-Hans').forEach((snippet, index) => {
        assert.deepEqual(code(snippet), code(english[index]!), `${snippet.label} ${transport}`);
        assert.match(snippet.code, /\p{Script=Han}/u, `${snippet.label} ${transport}`);
        for (const line of snippet.code.split('\n')) {
          // A Chinese character takes two columns of a terminal or an editor.
          const columns = [...line].reduce(
            (sum, char) => sum + (/\p{Script=Han}|[\uff00-\uff60]/u.test(char) ? 2 : 1),
            0,
          );
          assert.ok(columns <= 80, `${snippet.label} ${transport}: ${line}`);
        }
      });
    }
    assert.match(pythonSnippet(TCP, 'zh-Hans').code, /^# 保存为 echo_client\.py，运行：python3 echo_client\.py$/m);
    assert.match(cSnippet(TCP, 'zh-Hans').code, /break; \/\* 文件结束：服务器关闭了连接 \*\//);
  });
});

describe('C snippet', () => {
  const { code } = cSnippet(TCP);

  it('prints only the bytes received, never sizeof(buf)', () => {
    assert.match(code, /fwrite\(buf, 1, received, stdout\)/);
    assert.doesNotMatch(code, /(write|fwrite|printf)\([^;]*sizeof\(?buf/);
  });

  it('checks every call and closes the socket', () => {
    for (const call of ['getaddrinfo', 'socket(', 'connect(', 'send(', 'recv(', 'close(fd)']) {
      assert.ok(code.includes(call), call);
    }
    assert.match(code, /perror\("send"\)/);
    assert.match(code, /perror\("recv"\)/);
  });

  it('escapes a host name that would break the string literal', () => {
    const odd = cSnippet({ host: 'a"b\\c??=', port: 1, transport: 'tcp' }).code;
    assert.ok(odd.includes('#define HOST "a\\"b\\\\c\\077\\077="'), odd.split('\n')[13]);
  });
});

describe('quoting in the other languages', () => {
  it('keeps Python and Node strings intact', () => {
    const host = 'x"y';
    assert.ok(pythonSnippet({ host, port: 1, transport: 'tcp' }).code.includes('HOST = "x\\"y"'));
    assert.ok(nodeSnippet({ host, port: 1, transport: 'tcp' }).code.includes('const HOST = "x\\"y";'));
  });

  it('single-quotes an unusual host for the shell', () => {
    assert.ok(ncSnippet({ host: "a b'c", port: 1, transport: 'tcp' }).code.includes(`nc -N 'a b'\\''c' 1`));
    assert.ok(ncSnippet(TCP).code.includes('nc -N 127.0.0.1 20417'));
  });
});

describe('UDP variants', () => {
  it('use datagram sockets', () => {
    const udp = { ...TCP, transport: 'udp' } as const;
    assert.match(pythonSnippet(udp).code, /SOCK_DGRAM/);
    assert.match(cSnippet(udp).code, /SOCK_DGRAM/);
    assert.match(nodeSnippet(udp).code, /dgram/);
    assert.match(ncSnippet(udp).code, /nc -u/);
  });
});

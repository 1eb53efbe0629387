/**
 * Lab-terminal transcripts as the translation test compares them: a Chinese page's transcript says the shell's
 * words in Chinese and still matches the English one, as long as it types the same commands and narrates the
 * same calls; a changed call, command or result, a missing line or a block captioned as the other language's
 * terminal does not match.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCALES, pick } from '../../common/localized';
import { TEXT as TERMINAL_TEXT } from '../../components/LabTerminal/text';
import { LAB_TERMINAL_CAPTION, maskRunDetails, transcriptLines, transcriptSkeleton } from './lab-transcripts';
import { pageOutline } from './page-outline';

const fence = '```';

function terminal(caption: string, ...lines: readonly string[]): string {
  return `${fence}text title="${caption}"\n${lines.join('\n')}\n${fence}\n`;
}

const ENGLISH = [
  'socketlab:tcp-echo$ send Hello,world!',
  'send(fd 3, 12 bytes) = 12  "Hello,world!"',
  '[fd 3: 12 bytes arrived — type recv to read them]',
  'socketlab:tcp-echo$ close',
  'close(fd 3) = 0  FIN sent',
];
const CHINESE = [
  'socketlab:tcp-echo$ send Hello,world!',
  'send(fd 3, 12 bytes) = 12  "Hello,world!"',
  '[fd 3：到达 12 字节，输入 recv 读取]',
  'socketlab:tcp-echo$ close',
  'close(fd 3) = 0  FIN 已发出',
];

describe('lab-terminal transcripts', () => {
  it('are captioned with the name on the terminal’s frame, in each language', () => {
    for (const locale of LOCALES) {
      assert.equal(LAB_TERMINAL_CAPTION[locale].toLowerCase(), pick(TERMINAL_TEXT.frame, locale).toLowerCase(), locale);
    }
  });

  it('reads prompt lines, narrated calls and what the shell says', () => {
    assert.deepEqual(
      transcriptLines(
        [
          'socketlab:tcp-teardown$ connect closed',
          'socket(AF_INET, SOCK_STREAM) = fd 3',
          'connect(fd 3, 127.0.0.1:20418) = -1 ECONNREFUSED  nothing is listening on that port',
          'recv(fd 3, 1024) = 12 bytes  "Hello,world!"',
          '  (the lab shell numbers fds like a process)',
          'socketlab:tcp-teardown$',
        ].join('\n'),
      ).map((line) =>
        line.kind === 'prompt' ? `$ ${line.lab} ${line.typed}` : line.kind === 'call' ? line.call : '…',
      ),
      [
        '$ tcp-teardown connect closed',
        'socket(AF_INET, SOCK_STREAM) = fd 3',
        'connect(fd 3, 127.0.0.1:20418) = -1 ECONNREFUSED',
        'recv(fd 3, 1024) = 12 bytes',
        '…',
        '$ tcp-teardown ',
      ],
    );
  });

  it('lets the Chinese page explain in Chinese, with the same commands and calls', () => {
    assert.equal(transcriptSkeleton(CHINESE.join('\n')), transcriptSkeleton(ENGLISH.join('\n')));
    assert.deepEqual(
      pageOutline(terminal('实验终端', ...CHINESE), 'zh-Hans').code,
      pageOutline(terminal('lab terminal', ...ENGLISH), 'en').code,
    );
  });

  it('holds the commands, the calls and their results to the English', () => {
    const english = pageOutline(terminal('lab terminal', ...ENGLISH), 'en').code;
    const changed = (from: string, to: string) =>
      pageOutline(terminal('实验终端', ...CHINESE.map((line) => line.replace(from, to))), 'zh-Hans').code;
    assert.notDeepEqual(changed('send Hello', 'send Hi'), english, 'a command');
    assert.notDeepEqual(changed('= 12 ', '= 11 '), english, 'a result');
    assert.notDeepEqual(changed('close(fd 3)', 'close(fd 4)'), english, 'a call');
    const dropped = pageOutline(terminal('实验终端', ...CHINESE.slice(0, 3)), 'zh-Hans').code;
    assert.notDeepEqual(dropped, english, 'a missing command');
  });

  it('reads a block as a transcript only under its own language’s caption', () => {
    const english = pageOutline(terminal('lab terminal', ...ENGLISH), 'en').code;
    assert.notDeepEqual(pageOutline(terminal('lab terminal', ...CHINESE), 'zh-Hans').code, english);
    assert.notDeepEqual(pageOutline(terminal('你的终端', ...CHINESE), 'zh-Hans').code, english);
  });

  it('masks ports and durations, and nothing else', () => {
    assert.equal(
      maskRunDetails('connect(fd 3, 127.0.0.1:20417) = 0  connect() 在 0.2 ms 后返回；本地地址 127.0.0.1:51514'),
      'connect(fd 3, 127.0.0.1:PORT) = 0  connect() 在 N ms 后返回；本地地址 127.0.0.1:PORT',
    );
    assert.equal(maskRunDetails('recv(fd 3, 1024) = 12 bytes'), 'recv(fd 3, 1024) = 12 bytes');
  });
});

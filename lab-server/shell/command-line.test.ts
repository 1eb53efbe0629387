/**
 * Command-line parsing: options before the payload, the payload exactly as typed, quotes and escapes.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandLineError, parseLine } from './command-line';

const fd = new Set(['--fd']);

describe('parseLine', () => {
  it('keeps the payload exactly as typed, spaces and punctuation included', () => {
    const line = parseLine('send  Hello, world!  ', fd);
    assert.equal(line.command, 'send');
    assert.equal(line.rest, 'Hello, world!');
  });

  it('reads options before the payload, and not after it', () => {
    const line = parseLine('send --fd 4 -n --hex 48 65', fd);
    assert.equal(line.options.get('--fd'), '4');
    assert.equal(line.options.get('-n'), true);
    assert.equal(line.options.get('--hex'), true);
    assert.equal(line.rest, '48 65');
    assert.equal(parseLine('send hi --hex', fd).rest, 'hi --hex');
    assert.equal(parseLine('send -- --hex', fd).rest, '--hex');
  });

  it('gives the bytes of each word, a \\xNN in double quotes being one byte', () => {
    const line = parseLine('reply "\\x01\\xff" \'PONG\\n\' plain');
    assert.deepEqual(line.args.slice(1), ['PONG\\n', 'plain']);
    assert.deepEqual([...line.argBytes[0]!], [0x01, 0xff]);
    assert.equal(Buffer.from(line.argBytes[1]!).toString(), 'PONG\\n');
    assert.equal(Buffer.from(line.argBytes[2]!).toString(), 'plain');
  });

  it('understands escapes in double quotes and none in single quotes', () => {
    assert.equal(parseLine('send "a\\r\\n\\x41\\t\\"q\\""').rest, 'a\r\nA\t"q"');
    assert.equal(parseLine("send 'a\\n'").rest, 'a\\n');
  });

  it('gives the payload as bytes: text as UTF-8, \\xNN in double quotes as that one byte', () => {
    const hex = (line: string): string => Buffer.from(parseLine(line).payload).toString('hex');
    assert.equal(hex('send "\\xff\\x80"'), 'ff80');
    assert.equal(hex('send "héllo"'), '68c3a96c6c6f');
    assert.equal(hex('send "a\\xffb"'), '61ff62');
    assert.equal(hex('send "\\xc3\\xa9\\0\\n"'), 'c3a9000a');
    assert.equal(hex("send '\\xff'"), Buffer.from('\\xff').toString('hex'));
    assert.equal(hex('send 你好 world'), Buffer.from('你好 world').toString('hex'));
    // Several words are the payload as typed, quotes and all, as the file comment says.
    assert.equal(hex('send "\\xff" x'), Buffer.from('"\\xff" x').toString('hex'));
  });

  it('reads arguments and option values as UTF-8 text, whatever bytes they were spelled as', () => {
    const line = parseLine('connect --fd "\\x33" "127.0.0.1\\x3a80" "\\xc3\\xa9\\xff"', fd);
    assert.equal(line.options.get('--fd'), '3');
    assert.deepEqual(line.args, ['127.0.0.1:80', 'é\ufffd']);
  });

  it('maps short aliases and reports missing values and open quotes', () => {
    assert.equal(parseLine('recv -f 3', fd, { '-f': '--fd' }).options.get('--fd'), '3');
    assert.throws(() => parseLine('recv --fd', fd), CommandLineError);
    assert.throws(() => parseLine('send "oops'), /unterminated double quote/);
  });

  it('gives an empty command for a blank line', () => {
    assert.equal(parseLine('   ').command, '');
  });
});

/** Tests of reading the lab server's frames: a message, a binary frame, and text frames that are not messages. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readServerFrame } from './server-frame';

describe('readServerFrame', () => {
  it('decodes a JSON text frame into its message', () => {
    const frame = readServerFrame('{"type":"output","data":"$ "}');
    assert.deepEqual(frame, { kind: 'message', message: { type: 'output', data: '$ ' } });
  });

  it('tells a binary frame from a text frame that is not a message', () => {
    const binary = readServerFrame(new ArrayBuffer(4));
    assert.equal(binary.kind, 'binary');
    assert.equal(binary.kind === 'binary' && binary.notice.code, 'LAB_ERR_MESSAGE_BINARY');
    for (const [text, code] of [
      ['not json', 'LAB_ERR_MESSAGE_MALFORMED'],
      ['{"type":"teleport"}', 'LAB_ERR_MESSAGE_UNKNOWN_TYPE'],
      ['{"type":"check","check":{"id":"x"}}', 'LAB_ERR_MESSAGE_INVALID'],
    ]) {
      const frame = readServerFrame(text);
      assert.equal(frame.kind, 'invalid', text);
      assert.equal(frame.kind === 'invalid' && frame.notice.code, code, text);
      assert.equal(frame.kind === 'invalid' && frame.notice.source, 'page', text);
      assert.equal(frame.kind === 'invalid' && frame.notice.fatal, false, text);
    }
  });

  it('says what was wrong in the page’s language', () => {
    const binary = readServerFrame(new ArrayBuffer(4));
    assert.equal(
      binary.kind === 'binary' && binary.notice.message['zh-Hans'],
      '实验服务器发来了一个二进制帧；本协议只使用 JSON 文本帧。',
    );
    const invalid = readServerFrame('not json');
    assert.match(invalid.kind === 'invalid' ? invalid.notice.message.en : '', /^This page could not read a message: /);
    assert.match(invalid.kind === 'invalid' ? invalid.notice.message['zh-Hans'] : '', /^这个页面读不懂一条消息：/);
  });
});

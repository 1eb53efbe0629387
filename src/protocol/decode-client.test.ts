/**
 * The trust boundary's decoder: every malformed, unknown, out-of-range or oversized message gets the right
 * catalog code and a message that names the problem.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CERTIFICATE_BYTES } from './certificate';
import { decodeClientMessage } from './decode-client';
import { type ErrorCode, LabError } from './errors';
import { MAX_INPUT_CHARS } from './limits';

/** Asserts that `text` is refused with `code` (and a message matching `message`); returns the error. */
function rejects(text: string, code: ErrorCode, message?: RegExp): LabError {
  try {
    decodeClientMessage(text);
  } catch (error) {
    assert.ok(error instanceof LabError, 'throws a LabError');
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`accepted ${text}`);
}

describe('decodeClientMessage', () => {
  it('decodes each message type', () => {
    assert.deepEqual(decodeClientMessage('{"type":"hello","protocol":1,"lab":"tcp-echo","cols":80,"rows":24}'), {
      type: 'hello',
      protocol: 1,
      lab: 'tcp-echo',
      cols: 80,
      rows: 24,
    });
    assert.deepEqual(
      decodeClientMessage('{"type":"hello","protocol":1,"lab":"tcp-echo","resume":{"session":"abc","token":"t_-1"}}'),
      { type: 'hello', protocol: 1, lab: 'tcp-echo', resume: { session: 'abc', token: 't_-1' } },
    );
    assert.deepEqual(decodeClientMessage('{"type":"hello","protocol":1,"lab":"tcp-echo","locale":"zh-Hans"}'), {
      type: 'hello',
      protocol: 1,
      lab: 'tcp-echo',
      locale: 'zh-Hans',
    });
    assert.deepEqual(decodeClientMessage('{"type":"fault","kind":"loss","server":"echo","value":20}'), {
      type: 'fault',
      kind: 'loss',
      server: 'echo',
      value: 20,
    });
    assert.deepEqual(decodeClientMessage('{"type":"fault","kind":"silence","server":"echo","value":1}'), {
      type: 'fault',
      kind: 'silence',
      server: 'echo',
      value: 1,
    });
    assert.deepEqual(decodeClientMessage('{"type":"fault","kind":"restart","server":"echo","value":30}'), {
      type: 'fault',
      kind: 'restart',
      server: 'echo',
      value: 30,
    });
    assert.deepEqual(decodeClientMessage('{"type":"input","data":"ls\\r"}'), { type: 'input', data: 'ls\r' });
    assert.deepEqual(decodeClientMessage('{"type":"resize","cols":100,"rows":40}'), {
      type: 'resize',
      cols: 100,
      rows: 40,
    });
    assert.deepEqual(decodeClientMessage('{"type":"ping","id":7}'), { type: 'ping', id: 7 });
    assert.deepEqual(decodeClientMessage('{"type":"answer","question":"server-isn","value":" 42 "}'), {
      type: 'answer',
      question: 'server-isn',
      value: ' 42 ',
    });
  });

  it('holds a fault setting within its kind’s bounds, and says so in every language', () => {
    const bad: Array<[string, string, RegExp]> = [
      ['loss', '-5', /^-5 is not a loss rate: .*0 to 100/],
      ['loss', '"abc"', /^"abc" is not a loss rate/],
      ['loss', '101', /^101 is not a loss rate/],
      ['loss', '1.5', /^1\.5 is not a loss rate/],
      ['loss', 'null', /^null is not a loss rate/],
      ['silence', '2', /^2 is not a silence setting/],
      ['restart', '31', /^31 is not a restart time: .*1 to 30/],
      ['restart', '-1', /^-1 is not a restart time/],
    ];
    for (const [kind, value, message] of bad) {
      const text = `{"type":"fault","kind":"${kind}","server":"echo","value":${value}}`;
      const error = rejects(text, 'LAB_ERR_FAULT_VALUE', message);
      assert.match(error.text['zh-Hans'], /不是(丢包率|静默设置|重启时长)/, text);
    }
    rejects('{"type":"fault","kind":"loss","server":"echo"}', 'LAB_ERR_FAULT_VALUE', /^nothing is not a loss rate/);
  });

  it('bounds answers', () => {
    rejects('{"type":"answer","question":"Bad Id","value":"1"}', 'LAB_ERR_MESSAGE_INVALID', /question id/);
    rejects(JSON.stringify({ type: 'answer', question: 'q', value: 'x'.repeat(201) }), 'LAB_ERR_MESSAGE_INVALID');
  });

  it('rejects text that is not JSON, or JSON that is not an object', () => {
    rejects('garbage', 'LAB_ERR_MESSAGE_MALFORMED', /not valid JSON/);
    rejects('', 'LAB_ERR_MESSAGE_MALFORMED');
    rejects('[1,2]', 'LAB_ERR_MESSAGE_MALFORMED', /an array/);
    rejects('"hello"', 'LAB_ERR_MESSAGE_MALFORMED');
    rejects('null', 'LAB_ERR_MESSAGE_MALFORMED');
    rejects('\u0000\u0001\u00ff', 'LAB_ERR_MESSAGE_MALFORMED');
  });

  it('rejects a missing or unknown type', () => {
    rejects('{}', 'LAB_ERR_MESSAGE_INVALID', /no "type"/);
    rejects('{"type":42}', 'LAB_ERR_MESSAGE_INVALID');
    rejects('{"type":"exec","cmd":"rm -rf /"}', 'LAB_ERR_MESSAGE_UNKNOWN_TYPE', /"exec".*hello, input, resize, ping/);
    rejects('{"type":"__proto__"}', 'LAB_ERR_MESSAGE_UNKNOWN_TYPE');
  });

  it('names the field that is wrong', () => {
    rejects(
      '{"type":"hello","protocol":"1","lab":"tcp-echo"}',
      'LAB_ERR_MESSAGE_INVALID',
      /"protocol" must be an integer/,
    );
    rejects('{"type":"fault","kind":"delay","server":"echo","value":5}', 'LAB_ERR_MESSAGE_INVALID', /"kind" must be/);
    rejects('{"type":"fault","kind":"loss","server":"<b>","value":5}', 'LAB_ERR_MESSAGE_INVALID', /"server"/);
    rejects('{"type":"fault","kind":"loss","server":"echo","percent":5}', 'LAB_ERR_MESSAGE_INVALID', /"percent"/);
    rejects(
      '{"type":"hello","protocol":1,"lab":"tcp-echo","locale":"zh-CN"}',
      'LAB_ERR_MESSAGE_INVALID',
      /"locale" must be one of "en", "zh-Hans"/,
    );
    rejects('{"type":"hello","protocol":1,"lab":"../etc"}', 'LAB_ERR_MESSAGE_INVALID', /"lab" must be a lab id/);
    rejects('{"type":"hello","protocol":1}', 'LAB_ERR_MESSAGE_INVALID', /"lab"/);
    rejects(
      '{"type":"resize","cols":1e9,"rows":24}',
      'LAB_ERR_MESSAGE_INVALID',
      /"cols" must be an integer from 2 to 500/,
    );
    rejects('{"type":"resize","cols":80.5,"rows":24}', 'LAB_ERR_MESSAGE_INVALID', /"cols"/);
    rejects('{"type":"input","data":5}', 'LAB_ERR_MESSAGE_INVALID', /"data" must be a string/);
    rejects('{"type":"hello","protocol":1,"lab":"tcp-echo","resume":"x"}', 'LAB_ERR_MESSAGE_INVALID', /"resume"/);
    rejects(
      '{"type":"hello","protocol":1,"lab":"tcp-echo","resume":{"session":"<script>","token":"t"}}',
      'LAB_ERR_MESSAGE_INVALID',
      /session id/,
    );
  });

  it('rejects fields the protocol does not define', () => {
    rejects('{"type":"ping","id":1,"extra":true}', 'LAB_ERR_MESSAGE_INVALID', /unknown field "extra"/);
  });

  it('bounds the size of input', () => {
    const big = JSON.stringify({ type: 'input', data: 'x'.repeat(MAX_INPUT_CHARS + 1) });
    rejects(big, 'LAB_ERR_MESSAGE_INVALID', /at most 4096 characters/);
  });

  it('does not echo a long hostile value back in the error', () => {
    try {
      decodeClientMessage(
        JSON.stringify({ type: 'hello', protocol: 1, lab: '<img src=x onerror=alert(1)>'.repeat(3) }),
      );
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof LabError);
      assert.doesNotMatch(error.message, /onerror/);
    }
  });

  it('decodes inspect-certificate with its optional key and host', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    assert.deepEqual(decodeClientMessage(JSON.stringify({ type: 'inspect-certificate', pem })), {
      type: 'inspect-certificate',
      pem,
    });
    const key = '-----BEGIN PRIVATE KEY-----\nMIG\n-----END PRIVATE KEY-----\n';
    assert.deepEqual(
      decodeClientMessage(JSON.stringify({ type: 'inspect-certificate', pem, key, host: '127.0.0.1' })),
      { type: 'inspect-certificate', pem, key, host: '127.0.0.1' },
    );
    assert.deepEqual(decodeClientMessage(JSON.stringify({ type: 'inspect-certificate', pem, host: '::1' })), {
      type: 'inspect-certificate',
      pem,
      host: '::1',
    });
    // What the text holds is the certificate module's to judge (LAB_ERR_CERT_PARSE), not the decoder's.
    assert.deepEqual(decodeClientMessage('{"type":"inspect-certificate","pem":""}'), {
      type: 'inspect-certificate',
      pem: '',
    });
  });

  it('refuses an oversized certificate with LAB_ERR_CERT_TOO_LARGE, counted in UTF-8 bytes', () => {
    const exact = 'A'.repeat(MAX_CERTIFICATE_BYTES);
    assert.equal(
      (decodeClientMessage(JSON.stringify({ type: 'inspect-certificate', pem: exact })) as { pem: string }).pem,
      exact,
    );
    rejects(
      JSON.stringify({ type: 'inspect-certificate', pem: 'A'.repeat(MAX_CERTIFICATE_BYTES + 1) }),
      'LAB_ERR_CERT_TOO_LARGE',
      new RegExp(`at most ${MAX_CERTIFICATE_BYTES}`),
    );
    // 21 846 characters of three bytes each: fewer characters than the limit, more bytes.
    rejects(
      JSON.stringify({ type: 'inspect-certificate', pem: '证'.repeat(Math.ceil(MAX_CERTIFICATE_BYTES / 3) + 1) }),
      'LAB_ERR_CERT_TOO_LARGE',
    );
    rejects(JSON.stringify({ type: 'inspect-certificate', pem: 'x'.repeat(10_000_000) }), 'LAB_ERR_CERT_TOO_LARGE');
  });

  it('refuses a pem, key or host of the wrong type or bounds, never echoing a key', () => {
    rejects('{"type":"inspect-certificate"}', 'LAB_ERR_MESSAGE_INVALID', /"pem" must be a string, got nothing/);
    rejects('{"type":"inspect-certificate","pem":42}', 'LAB_ERR_MESSAGE_INVALID', /"pem"/);
    rejects('{"type":"inspect-certificate","pem":"x","key":7}', 'LAB_ERR_MESSAGE_INVALID', /"key"/);
    const secret = rejects(
      JSON.stringify({ type: 'inspect-certificate', pem: 'x', key: 'k'.repeat(MAX_CERTIFICATE_BYTES + 1) }),
      'LAB_ERR_MESSAGE_INVALID',
      new RegExp(`"key" must be a string of at most ${MAX_CERTIFICATE_BYTES} characters`),
    );
    assert.doesNotMatch(secret.message, /kkk/);
    rejects('{"type":"inspect-certificate","pem":"x","host":""}', 'LAB_ERR_MESSAGE_INVALID', /host name/);
    rejects('{"type":"inspect-certificate","pem":"x","host":"a b"}', 'LAB_ERR_MESSAGE_INVALID', /host name/);
    rejects(
      JSON.stringify({ type: 'inspect-certificate', pem: 'x', host: 'a'.repeat(254) }),
      'LAB_ERR_MESSAGE_INVALID',
      /host name/,
    );
    rejects('{"type":"inspect-certificate","pem":"x","extra":1}', 'LAB_ERR_MESSAGE_INVALID', /unknown field "extra"/);
  });
});

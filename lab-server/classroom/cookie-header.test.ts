import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clearCookie, readCookie, setCookie } from './cookie-header';

describe('cookie headers', () => {
  it('are HttpOnly, SameSite=Strict, Path=/, and Secure only when asked', () => {
    const plain = setCookie('socketlab_student', 'v', { maxAgeSeconds: 60, secure: false });
    assert.equal(plain, 'socketlab_student=v; Path=/; Max-Age=60; HttpOnly; SameSite=Strict');
    assert.match(setCookie('a', 'v', { maxAgeSeconds: 60, secure: true }), /; Secure$/);
    assert.equal(clearCookie('a', false), 'a=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
  });

  it('read one cookie among others, quoted or not', () => {
    const request = { headers: { cookie: 'theme=dark; socketlab_student=abc.1.x; other="q"' } };
    assert.equal(readCookie(request, 'socketlab_student'), 'abc.1.x');
    assert.equal(readCookie(request, 'other'), 'q');
    assert.equal(readCookie(request, 'missing'), undefined);
    assert.equal(readCookie({ headers: {} }, 'theme'), undefined);
    assert.equal(readCookie({ headers: { cookie: 'xsocketlab_student=1' } }, 'socketlab_student'), undefined);
  });
});

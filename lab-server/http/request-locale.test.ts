/**
 * The language of a request: the client's preferences in their order and weights, any Chinese as the course's
 * Simplified Chinese, English when nothing matches or the header is absent or odd.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { queryOrRequestLocale, requestLocale } from './request-locale';

const of = (header?: string) => requestLocale({ headers: header === undefined ? {} : { 'accept-language': header } });

describe('requestLocale', () => {
  it('takes the most preferred language the course has', () => {
    assert.equal(of('zh-CN,zh;q=0.9,en;q=0.8'), 'zh-Hans');
    assert.equal(of('en-US,en;q=0.9,zh-CN;q=0.8'), 'en');
    assert.equal(of('fr-FR, zh-TW;q=0.5, en;q=0.4'), 'zh-Hans');
    assert.equal(of('en;q=0.2, zh-Hans;q=0.7'), 'zh-Hans');
  });

  it('falls back to English', () => {
    assert.equal(of(), 'en');
    assert.equal(of('fr, de;q=0.5'), 'en');
    assert.equal(of('zh;q=0, fr'), 'en');
    assert.equal(of(';;;,,,q=zh'), 'en');
    assert.equal(of(`${'x,'.repeat(10_000)}zh`), 'en');
  });
});

describe('queryOrRequestLocale', () => {
  const of = (url: string, header?: string) =>
    queryOrRequestLocale({ url, headers: header === undefined ? {} : { 'accept-language': header } });

  it('takes a course language named in ?locale= over the header, and the header for anything else', () => {
    assert.equal(of('/api/instructor/grades.csv?locale=zh-Hans', 'en'), 'zh-Hans');
    assert.equal(of('/ws/instructor?locale=en', 'zh-CN'), 'en');
    assert.equal(of('/api/instructor/grades.csv?locale=fr', 'zh-CN'), 'zh-Hans');
    assert.equal(of('/api/instructor/grades.csv?locale=ZH-HANS'), 'en', 'exactly as the pages send it');
    assert.equal(of('/api/instructor/grades.csv'), 'en');
  });
});

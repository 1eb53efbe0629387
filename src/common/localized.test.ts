/**
 * Localized text: lookups give every language at once, templates resolve localized arguments in their own
 * language, and — the test that keeps the course bilingual — every catalog of the page, the lab server and the
 * labs is complete: each entry exists in every locale, and where the English says something in words, the
 * translation says it in Chinese rather than repeating the English.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  type CatalogTable,
  type CatalogTables,
  isLocalized,
  localized,
  pick,
  registeredCatalogs,
  sameText,
  sentences,
  TRANSLATED,
  toLocale,
  verbatim,
} from './localized';

describe('localized', () => {
  const text = localized({
    en: { hello: 'Hello', bytes: (count: number, peer: string) => `${count} bytes from ${peer}.` },
    'zh-Hans': { hello: '你好', bytes: (count, peer) => `收到来自 ${peer} 的 ${count} 字节。` },
  });

  it('gives an entry in every language', () => {
    assert.deepEqual(text.hello, { en: 'Hello', 'zh-Hans': '你好' });
    assert.equal(pick(text.bytes(12, '127.0.0.1:5000'), 'zh-Hans'), '收到来自 127.0.0.1:5000 的 12 字节。');
  });

  it('resolves a localized argument in the language of the template', () => {
    const where = localized({ en: { peer: 'the peer' }, 'zh-Hans': { peer: '对端' } }).peer;
    assert.deepEqual(text.bytes(3, where), { en: '3 bytes from the peer.', 'zh-Hans': '收到来自 对端 的 3 字节。' });
  });

  it('joins sentences as each language does', () => {
    assert.deepEqual(sentences(text.hello, undefined, verbatim(''), text.bytes(1, 'x')), {
      en: 'Hello 1 bytes from x.',
      'zh-Hans': '你好收到来自 x 的 1 字节。',
    });
    assert.ok(sameText(verbatim('a'), { en: 'a', 'zh-Hans': 'a' }));
    assert.ok(!sameText(text.hello, verbatim('Hello')));
  });

  it('reads a locale from untrusted input, English when unknown', () => {
    assert.equal(toLocale('zh-Hans'), 'zh-Hans');
    assert.equal(toLocale('zh-CN'), 'en');
    assert.equal(toLocale(undefined), 'en');
    assert.ok(isLocalized(text.hello));
    assert.ok(!isLocalized({ en: 'only English' }));
  });
});

// ---------------------------------------------------------------- every catalog is complete

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE_ROOTS = ['src', 'lab-server', 'labs'];

/** Source files that build a catalog (tests, this module and its test excepted). */
function catalogFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
      } else if (
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.test.ts') &&
        !entry.name.endsWith('.d.ts') &&
        full !== path.join(ROOT, 'src/common/localized.ts') &&
        /\blocalized\(\{/.test(readFileSync(full, 'utf8'))
      ) {
        found.push(full);
      }
    }
  };
  for (const root of SOURCE_ROOTS) walk(path.join(ROOT, root));
  return found.sort();
}

/** An English text that says something in words (two words in a row), rather than a name, a number or a sign. */
const ENGLISH_PHRASE = /[A-Za-z]{2,}[ ,'’]+[A-Za-z]{2,}/;
const HAN = /\p{Script=Han}/u;

/** Runs a template with stand-in arguments: numbers first, strings if the template needs string methods. */
function sample(entry: unknown): string {
  if (typeof entry === 'string') return entry;
  const template = entry as (...args: unknown[]) => string;
  try {
    return template(...Array.from({ length: template.length }, (_, index) => index + 2));
  } catch {
    return template(...Array.from({ length: template.length }, () => 'x'));
  }
}

function problems(tables: CatalogTables<CatalogTable>): string[] {
  const found: string[] = [];
  for (const [key, en] of Object.entries(tables.en)) {
    const english = sample(en);
    for (const locale of TRANSLATED) {
      const entry = tables[locale][key];
      if (entry === undefined || typeof entry !== typeof en) {
        found.push(`${key}: missing in ${locale}`);
        continue;
      }
      const translated = sample(entry);
      if (english !== '' && translated === '') found.push(`${key}: empty in ${locale}`);
      if (ENGLISH_PHRASE.test(english) && !HAN.test(translated)) {
        found.push(`${key}: ${locale} repeats the English (${JSON.stringify(translated.slice(0, 60))})`);
      }
    }
    for (const locale of TRANSLATED) {
      for (const extra of Object.keys(tables[locale]).filter((name) => !Object.hasOwn(tables.en, name))) {
        found.push(`${extra}: in ${locale} but not in English`);
      }
    }
  }
  return found;
}

describe('every catalog', () => {
  it('has every entry in every language, translated', async () => {
    const files = catalogFiles();
    const report: string[] = [];
    let catalogs = 0;
    for (const file of files) {
      const before = registeredCatalogs().length;
      await import(pathToFileURL(file).href);
      // A file imported earlier by another one has its catalogs reported under that one's name.
      const added = registeredCatalogs().slice(before);
      catalogs += added.length;
      for (const tables of added) {
        for (const problem of problems(tables)) report.push(`${path.relative(ROOT, file)}: ${problem}`);
      }
    }
    assert.deepEqual(report, []);
    // The shell, the checks, the grader, the errors and the panel all have catalogs: a scan finding few is broken.
    assert.ok(catalogs >= 5, `only ${catalogs} catalogs found in ${files.length} files`);
  });

  it('is told apart from an untranslated one', () => {
    const untranslated = {
      en: { a: 'Connect to the echo server', b: (port: number) => `Listening on port ${port}.` },
      'zh-Hans': { a: 'Connect to the echo server', b: (port: number) => `正在监听端口 ${port}。` },
    };
    assert.deepEqual(problems(untranslated), ['a: zh-Hans repeats the English ("Connect to the echo server")']);
    assert.deepEqual(problems({ en: { a: 'SYN-ACK', b: '→' }, 'zh-Hans': { a: 'SYN-ACK', b: '→' } }), []);
  });
});

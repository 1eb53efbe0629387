/**
 * Every listing of a translated lesson page is read by its own compiler or interpreter: C by `cc -fsyntax-only`
 * with the English listings' warnings as errors, Python by `ast.parse`, JavaScript by `node --check`. The listing
 * tests run only the English listings; translations.test.ts holds each translated listing to its English one
 * byte for byte once comments are taken out. What neither sees is a translated comment that the comment scanner
 * reads one way and a compiler another (a Chinese comment in an encoding or with a character a compiler
 * refuses): this reads every such listing the way the student's toolchain will.
 */

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeRun, extractListings, run } from '../../labs/testing/listings';
import { DEFAULT_LOCALE, docsDir, type Locale, TRANSLATED_LOCALES } from './locales';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How each kind of listing is read without running it, by the file's extension. */
const READERS: Readonly<Record<string, (file: string) => readonly [string, readonly string[]]>> = {
  '.c': (file) => ['cc', ['-fsyntax-only', '-Wall', '-Wextra', '-Werror', file]],
  '.py': (file) => ['python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read())', file]],
  '.mjs': (file) => [process.execPath, ['--check', file]],
  '.js': (file) => [process.execPath, ['--check', file]],
};

async function lessons(locale: Locale): Promise<string[]> {
  const dir = path.join(ROOT, docsDir(locale));
  const files = await readdir(dir, { recursive: true, encoding: 'utf8' });
  return files.filter((file) => file.endsWith('.mdx')).sort();
}

describe('translated listings', () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'socketlab-listings-'));
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  for (const locale of TRANSLATED_LOCALES) {
    it(`read in ${locale} as their compilers read them`, { timeout: 120_000 }, async () => {
      let read = 0;
      for (const doc of await lessons(locale)) {
        const translated = extractListings(await readFile(path.join(ROOT, docsDir(locale), doc), 'utf8'));
        const english = extractListings(await readFile(path.join(ROOT, docsDir(DEFAULT_LOCALE), doc), 'utf8'));
        assert.deepEqual([...translated.keys()], [...english.keys()], `${doc}: the same listings as in English`);
        for (const [title, text] of translated) {
          const reader = READERS[path.extname(title)];
          if (reader === undefined) continue;
          const dir = path.join(scratch, locale, path.dirname(doc), path.basename(doc, '.mdx'));
          await mkdir(dir, { recursive: true });
          const file = path.join(dir, title);
          await writeFile(file, text);
          const [command, args] = reader(file);
          const result = await run(command, args, dir);
          assert.equal(result.code, 0, `${locale}/${doc}: ${title} does not read: ${describeRun(result)}`);
          read += 1;
        }
      }
      assert.ok(read > 0, 'the translated lessons have listings');
    });
  }
});

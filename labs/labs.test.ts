/**
 * The labs and the lessons name each other alike: every `<Lab id="…">` in the docs of every language names a lab
 * of `LABS` (a page cannot embed a lab the lab server would refuse with LAB_ERR_LAB_UNKNOWN), every lab of `LABS`
 * is embedded in some English lesson (a lab nobody can open is dead), and every lab folder is in `LABS` with its
 * reference solution beside it, so the generic lab test (`labs.integration.test.ts`) runs every lab there is.
 */

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_LOCALE, docsDir, LOCALES, type Locale } from '../src/i18n/locales';
import { pageOutline } from '../src/i18n/testing/page-outline';
import { LABS } from './index';

const ROOT = path.resolve(import.meta.dirname, '..');
const LAB_IDS = LABS.map((lab) => lab.id);

/** Every page of a locale's docs, as its path from the repository root. */
function pages(locale: Locale): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (/\.mdx?$/.test(entry.name)) found.push(relative);
    }
  };
  walk(docsDir(locale));
  return found.sort();
}

/** The labs a page embeds, read outside its code (the protocol reference quotes `<Lab id="tcp-echo" />`). */
function labsOn(page: string, locale: Locale): readonly string[] {
  return pageOutline(readFileSync(path.join(ROOT, page), 'utf8'), locale).labs;
}

describe('labs and lessons', () => {
  for (const locale of LOCALES) {
    it(`every <Lab id> in the ${locale} docs names a lab of LABS`, () => {
      const unknown = pages(locale).flatMap((page) =>
        labsOn(page, locale)
          .filter((id) => !LAB_IDS.includes(id))
          .map((id) => `${page}: <Lab id="${id}">`),
      );
      assert.deepEqual(unknown, []);
    });
  }

  it('every lab of LABS is embedded in an English lesson', () => {
    const embedded = new Set(pages(DEFAULT_LOCALE).flatMap((page) => labsOn(page, DEFAULT_LOCALE)));
    assert.ok(embedded.size > 0, 'the English docs embed labs');
    assert.deepEqual(
      LAB_IDS.filter((id) => !embedded.has(id)),
      [],
    );
  });

  it('every lab folder is in LABS, under its own id, with its reference solution', () => {
    const folders = readdirSync(import.meta.dirname, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(import.meta.dirname, entry.name, 'lab.ts')))
      .map((entry) => entry.name)
      .sort();
    assert.deepEqual([...LAB_IDS].sort(), folders);
    for (const id of LAB_IDS) {
      assert.ok(existsSync(path.join(import.meta.dirname, id, 'solution.ts')), `labs/${id}/solution.ts`);
    }
  });
});

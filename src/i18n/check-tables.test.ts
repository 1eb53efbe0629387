/**
 * A lesson's check table names each check as the lab panel shows it in the page's language: the first column of
 * the table under `{#checks}` is the titles of the page's lab's checks, in order, each exactly as the lab
 * defines it for that locale (Chinese alone on a Chinese page, with no English beside it). A check renamed in
 * its lab, or a table row worded apart from the panel, sends the reader looking for a line the panel does not
 * have.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LABS } from '../../labs/index';
import { pick } from '../common/localized';
import { docsDir, LOCALES } from './locales';
import { tableUnder } from './testing/markdown-tables';
import { pageOutline } from './testing/page-outline';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('check tables name the checks as the lab panel does', () => {
  for (const locale of LOCALES) {
    const dir = path.join(ROOT, docsDir(locale));
    const docs = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.mdx?$/.test(file))
      .map((file) => ({ doc: file.split(path.sep).join('/'), markdown: readFileSync(path.join(dir, file), 'utf8') }))
      .filter(({ markdown }) => pageOutline(markdown, locale).labs.length > 0)
      .sort((a, b) => a.doc.localeCompare(b.doc));

    it(`${locale}: the lessons with a lab are found`, () => {
      assert.ok(docs.length >= LABS.length, `found ${docs.map(({ doc }) => doc).join(', ')}`);
    });

    for (const { doc, markdown } of docs) {
      it(`${locale} ${doc}`, () => {
        const [labId, ...more] = pageOutline(markdown, locale).labs;
        assert.equal(more.length, 0, 'one lab a page');
        const lab = LABS.find((candidate) => candidate.id === labId);
        assert.ok(lab !== undefined, `lab ${labId} is in labs/index.ts`);
        const table = tableUnder(markdown, 'checks');
        assert.ok(table !== undefined, 'a table under the heading {#checks}');
        assert.deepEqual(
          table.rows.map((row) => row[0]),
          lab.checks.map((check) => pick(check.title, locale)),
          `${locale} ${doc}:${table.line}: the first column is the lab's check titles in ${locale}, in order`,
        );
      });
    }
  }
});

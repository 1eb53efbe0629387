/**
 * Keeps the reference pages in step with the code, in every language the site is built in: the protocol page
 * documents exactly the message types of `MESSAGE_FIELDS`, in order, each with exactly its fields; the errors
 * page lists exactly the catalog's codes. A message or field added to the code without its documentation (or
 * the reverse), in English or in a translation, fails here.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { docsDir, LOCALES } from '../i18n/locales';
import { headings } from '../i18n/testing/page-outline';
import { ERROR_CODES } from './errors';
import { MESSAGE_FIELDS } from './messages';

const root = new URL('../../', import.meta.url);

/**
 * `### \`type\`` sections of one `## …` part of the page, found by the part's anchor (a translation keeps the
 * English anchors), with the backticked first column of their tables.
 */
function documentedMessages(page: string, anchor: string): Array<[string, string[]]> {
  const parts = headings(page).filter((heading) => heading.depth === 2);
  const at = parts.findIndex((heading) => heading.anchor === anchor);
  assert.notEqual(at, -1, `the page has a "## …" section with the anchor #${anchor}`);
  const next = parts[at + 1];
  const section = page
    .split('\n')
    .slice(parts[at]!.line - 1, next === undefined ? undefined : next.line - 1)
    .join('\n');
  return section
    .split('\n### ')
    .slice(1)
    .map((block) => {
      const type = /^`([^`]+)`/.exec(block)?.[1] ?? '';
      const fields = [...block.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]!);
      return [type, fields];
    });
}

for (const locale of LOCALES) {
  describe(`reference pages (${locale})`, () => {
    const docs = new URL(`${docsDir(locale)}/reference/`, root);
    const protocol = readFileSync(new URL('protocol.md', docs), 'utf8');

    it('document every page → lab server message with exactly its fields', () => {
      const code = Object.entries(MESSAGE_FIELDS.client).map(([type, fields]) => [type, [...fields]]);
      assert.deepEqual(documentedMessages(protocol, 'page--lab-server'), code);
    });

    it('document every lab server → page message with exactly its fields', () => {
      const code = Object.entries(MESSAGE_FIELDS.server).map(([type, fields]) => [type, [...fields]]);
      assert.deepEqual(documentedMessages(protocol, 'lab-server--page'), code);
    });

    it('list exactly the error catalog, in order', () => {
      const errors = readFileSync(new URL('errors.md', docs), 'utf8');
      const listed = [...errors.matchAll(/^\| `(LAB_ERR_[A-Z_]+)` \|/gm)].map((match) => match[1]);
      assert.deepEqual(listed, ERROR_CODES);
    });
  });
}

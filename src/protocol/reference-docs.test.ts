/**
 * Keeps the reference pages in step with the code: the protocol page documents exactly the message types of
 * `MESSAGE_FIELDS`, in order, each with exactly its fields; the errors page lists exactly the catalog's codes.
 * A message or field added to the code without its documentation (or the reverse) fails here.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES } from './errors';
import { MESSAGE_FIELDS } from './messages';

const docs = new URL('../../docs/reference/', import.meta.url);

/** `### \`type\`` sections of one `## …` part of the page, with the backticked first column of their tables. */
function documentedMessages(page: string, part: string): Array<[string, string[]]> {
  const start = page.indexOf(`\n## ${part}`);
  assert.notEqual(start, -1, `the page has a "## ${part}" section`);
  const end = page.indexOf('\n## ', start + 1);
  const section = page.slice(start, end === -1 ? undefined : end);
  return section
    .split('\n### ')
    .slice(1)
    .map((block) => {
      const type = /^`([^`]+)`/.exec(block)?.[1] ?? '';
      const fields = [...block.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]!);
      return [type, fields];
    });
}

describe('reference pages', () => {
  const protocol = readFileSync(new URL('protocol.md', docs), 'utf8');

  it('document every page → lab server message with exactly its fields', () => {
    const code = Object.entries(MESSAGE_FIELDS.client).map(([type, fields]) => [type, [...fields]]);
    assert.deepEqual(documentedMessages(protocol, 'Page → lab server'), code);
  });

  it('document every lab server → page message with exactly its fields', () => {
    const code = Object.entries(MESSAGE_FIELDS.server).map(([type, fields]) => [type, [...fields]]);
    assert.deepEqual(documentedMessages(protocol, 'Lab server → page'), code);
  });

  it('list exactly the error catalog, in order', () => {
    const errors = readFileSync(new URL('errors.md', docs), 'utf8');
    const listed = [...errors.matchAll(/^\| `(LAB_ERR_[A-Z_]+)` \|/gm)].map((match) => match[1]);
    assert.deepEqual(listed, ERROR_CODES);
  });
});

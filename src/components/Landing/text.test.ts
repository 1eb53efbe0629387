/**
 * The landing page's sentences keep their `{name}` placeholders in every language: the page fills them with
 * elements (the highlighted phrase, a command in code), and a placeholder lost or renamed in a translation would
 * show as `{servers}` or leave the element out, with nothing to warn of it but the page.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCALES } from '../../common/localized';
import { TEXT } from './text';

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

describe('landing page text', () => {
  it('has the same placeholders in every language', () => {
    for (const [key, text] of Object.entries(TEXT)) {
      for (const locale of LOCALES) {
        assert.deepEqual(placeholders(text[locale]), placeholders(text.en), `${key} in ${locale}`);
      }
    }
  });

  it('fills the headline and the local-run sentence', () => {
    assert.deepEqual(placeholders(TEXT.headline.en), ['servers']);
    assert.deepEqual(placeholders(TEXT.local.en), ['command', 'url']);
  });
});

/**
 * The lessons and the panel name the same things: where a translated lesson names a part of the panel in
 * 「corner brackets」 (「数据包」, 「时序图」), the panel shows that very label in that language, and no lesson still
 * names a tab by its English label ("**Packets** 标签页") once the panel reads in the lesson's language.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Localized } from '../../common/localized';
import { docsDir, type Locale, TRANSLATED_LOCALES } from '../../i18n/locales';
import { TEXT as EVENT_LOG } from '../EventLog/text';
import { TEXT as FAULTS } from '../FaultControls/text';
import { TEXT as LADDER } from '../LadderDiagram/text';
import { TEXT as PACKET_DETAIL } from '../PacketDetail/text';
import { TEXT as DISPLAY_FILTER } from '../views/DisplayFilterBox/text';
import { TEXT as TLS_VIEWS } from '../views/registry/tls-text';
import { TEXT } from './text';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * What the panel shows by name: the timeline's tabs (the TLS lessons' handshake and certificates among them), its
 * download link, the ladder's two views, the filter box, the window's two readings in a packet's detail, and the
 * fault controls' switch and button.
 */
const LABELS: readonly Localized[] = [
  TEXT.packets,
  TEXT.ladder,
  TEXT.stream,
  EVENT_LOG.title,
  TLS_VIEWS.handshake,
  TLS_VIEWS.certificates,
  TEXT.download,
  LADDER.ladder,
  LADDER.flow,
  DISPLAY_FILTER.label,
  PACKET_DETAIL.asSent,
  PACKET_DETAIL.scaled,
  FAULTS.silent,
  FAULTS.restartFor(10),
];

/** A locale's lesson texts, code blocks left out (what a listing prints is the program's, not the panel's). */
function prose(locale: Locale): { readonly file: string; readonly text: string }[] {
  const dir = path.join(ROOT, docsDir(locale));
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.mdx?$/.test(name));
  return files.map((file) => ({
    file,
    text: readFileSync(path.join(dir, file), 'utf8').replace(/^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?^[ \t]*\1[ \t]*$/gm, ''),
  }));
}

describe('the panel’s names in the lessons', () => {
  for (const locale of TRANSLATED_LOCALES) {
    it(`are the labels the ${locale} panel shows`, () => {
      const shown = new Set(LABELS.map((label) => label[locale]));
      for (const { file, text } of prose(locale)) {
        for (const [, name] of text.matchAll(/「([^」]+)」/g)) {
          assert.ok(shown.has(name!), `${file}: 「${name}」 is not a label of the panel (${[...shown].join(', ')})`);
        }
      }
    });

    it(`never use the English labels in ${locale} prose`, () => {
      for (const { file, text } of prose(locale)) {
        for (const label of LABELS) {
          const english = label.en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          assert.doesNotMatch(text, new RegExp(`\\*\\*${english}\\*\\*|\\b${english} ?标签`), `${file}: ${label.en}`);
        }
      }
    });
  }
});

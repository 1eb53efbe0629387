/**
 * Keeps every translation of the course in step with the English source, so a reader who switches language lands
 * on the same page, section and lab, and runs the same code:
 * - every doc exists in every language, and no translation has a doc that English lacks;
 * - a translated doc has the English doc's front matter (title and description translated), heading anchors,
 *   `<Lab id>`s, link targets, components (lab steps, tabs), diagram shapes and protocol tokens, and code blocks
 *   identical once comments are taken out (the listings themselves are run in both languages by the labs' listing
 *   tests); a lab-terminal transcript shows the shell in the page's language, so only what was typed and the calls
 *   narrated must be identical (and lab-transcripts.integration.test.ts replays it against the real shell);
 * - every message of the translation's JSON files (theme strings, navbar, footer, sidebar labels) is translated,
 *   except the few proper nouns listed below with their reason;
 * - every string a page or component passes to `<Translate>` or `translate()` has a translation (the landing
 *   page's words are in its `text.ts` catalog, which localized.test.ts keeps complete).
 * The errors page of each language is checked against the error catalog in src/protocol/reference-docs.test.ts.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LOCALE, docsDir, type Locale, TRANSLATED_LOCALES, translationsDir } from './locales';
import { type PageOutline, pageOutline } from './testing/page-outline';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The script a translation is written in: a translated message or title without it is still English. */
const SCRIPT: Readonly<Record<string, RegExp>> = { 'zh-Hans': /\p{Script=Han}/u };

/** Messages that stay as they are in every language, by file and key, each with the reason. */
const UNTRANSLATED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'code.json': {
    'theme.blog.author.pageTitle': 'only placeholders and a dash: "{authorName} - {nPosts}"',
    'theme.docs.tagDocListPageTitle': 'only placeholders and corner brackets: "{nDocsTagged}「{tagName}」"',
  },
  'docusaurus-theme-classic/navbar.json': {
    title: 'the product name, socketlab',
    'logo.alt': 'the product name, socketlab',
  },
  'docusaurus-plugin-content-docs/current.json': {
    'sidebar.course.category.TCP': 'the protocol’s name, TCP',
  },
};

/** Front matter that names or orders a page rather than describing it: the same in every language. */
const TRANSLATED_FRONT_MATTER = new Set(['title', 'description', 'sidebar_label']);

/** Docs (Markdown and MDX) under a folder, as paths relative to it with `/` separators. */
function docsUnder(dir: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...docsUnder(dir, relative));
    else if (/\.mdx?$/.test(entry.name)) found.push(relative);
  }
  return found.sort();
}

/** The translation files of a locale (code.json and the plugins' and theme's JSON), relative to its folder. */
function jsonFilesUnder(dir: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...jsonFilesUnder(dir, relative));
    else if (entry.name.endsWith('.json')) found.push(relative);
  }
  return found.sort();
}

function read(relative: string): string {
  return readFileSync(path.join(ROOT, relative), 'utf8');
}

type Messages = Record<string, { readonly message: string; readonly description?: string }>;

function readMessages(relative: string): Messages {
  return JSON.parse(read(relative)) as Messages;
}

/** `{name}` placeholders of an ICU-style message, sorted. */
function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

/**
 * Docusaurus's English defaults for the classic theme's strings, by key, from the package that ships its
 * translations. Only theme-common: the search plugin this site uses reuses some keys of the Algolia theme's file
 * with other placeholders.
 */
function themeDefaults(): Map<string, string> {
  const file = path.join(ROOT, 'node_modules/@docusaurus/theme-translations/locales/base/theme-common.json');
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  return new Map(Object.entries(entries).filter(([key]) => !key.endsWith('___DESCRIPTION')));
}

/** The ids that the site's pages and components (under src/) ask `<Translate>` and `translate()` for. */
function siteTranslationIds(): string[] {
  const src = path.join(ROOT, 'src');
  const ids: string[] = [];
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.tsx'))) {
    const source = readFileSync(path.join(src, file), 'utf8');
    for (const match of source.matchAll(/<Translate\s+id="([^"]+)"|translate\(\{\s*id:\s*'([^']+)'/g)) {
      ids.push(match[1] ?? match[2]!);
    }
  }
  return ids;
}

function assertSameOutline(english: PageOutline, translated: PageOutline, doc: string, locale: Locale): void {
  const where = `${locale} ${doc}`;
  assert.deepEqual(
    [...translated.frontMatter.keys()].sort(),
    [...english.frontMatter.keys()].sort(),
    `${where}: front matter fields`,
  );
  for (const [field, value] of english.frontMatter) {
    if (!TRANSLATED_FRONT_MATTER.has(field))
      assert.equal(translated.frontMatter.get(field), value, `${where}: ${field}`);
  }
  assert.deepEqual(
    translated.headings.map((heading) => `${'#'.repeat(heading.depth)} ${heading.anchor}`),
    english.headings.map((heading) => `${'#'.repeat(heading.depth)} ${heading.anchor}`),
    `${where}: headings and their anchors (give a translated heading the English anchor as {#anchor})`,
  );
  assert.deepEqual(translated.labs, english.labs, `${where}: <Lab id>s`);
  assert.deepEqual(translated.links, english.links, `${where}: link targets`);
  assert.deepEqual(translated.components, english.components, `${where}: components and their ids`);
  assert.deepEqual(translated.diagrams, english.diagrams, `${where}: diagram steps`);
  assert.deepEqual(translated.protocolTokens, english.protocolTokens, `${where}: protocol tokens in diagrams`);
  assert.equal(translated.code.length, english.code.length, `${where}: number of code blocks`);
  english.code.forEach((block, index) => {
    const other = translated.code[index];
    assert.equal(other?.info, block.info, `${where}: code block ${index + 1} (${block.info})`);
    assert.equal(
      other?.body,
      block.body,
      `${where}: code block ${index + 1} (${block.info}) differs beyond comments (beyond the shell's words, in a transcript)`,
    );
  });
}

const englishDocs = docsUnder(path.join(ROOT, docsDir(DEFAULT_LOCALE)));

describe('translations', () => {
  it('the English docs are found', () => {
    assert.ok(englishDocs.includes('intro.mdx'), `found ${englishDocs.join(', ')}`);
  });

  for (const locale of TRANSLATED_LOCALES) {
    describe(locale, () => {
      const script = SCRIPT[locale];
      const dir = docsDir(locale);

      it('has a script to tell a translated text by', () => {
        assert.ok(script !== undefined, `add ${locale} to SCRIPT`);
      });

      it('translates every doc, and has none that English lacks', () => {
        assert.deepEqual(docsUnder(path.join(ROOT, dir)), englishDocs);
      });

      for (const doc of englishDocs) {
        it(`${doc}: translated, with the English outline and code`, () => {
          const source = read(`${docsDir(DEFAULT_LOCALE)}/${doc}`);
          let translation: string;
          try {
            translation = read(`${dir}/${doc}`);
          } catch {
            assert.fail(`${dir}/${doc} is missing`);
          }
          const outline = pageOutline(translation, locale);
          assert.match(outline.frontMatter.get('title') ?? '', script ?? /$^/, `${locale} ${doc}: title translated`);
          assert.match(
            outline.frontMatter.get('description') ?? '',
            script ?? /$^/,
            `${locale} ${doc}: description translated`,
          );
          assertSameOutline(pageOutline(source, DEFAULT_LOCALE), outline, doc, locale);
        });
      }

      it('translates every message of its JSON files, apart from the listed proper nouns', () => {
        const folder = translationsDir(locale);
        const files = jsonFilesUnder(path.join(ROOT, folder));
        for (const required of ['code.json', ...Object.keys(UNTRANSLATED)]) {
          assert.ok(files.includes(required), `${folder}/${required} exists (npm run docusaurus write-translations)`);
        }
        const defaults = themeDefaults();
        const untranslated: string[] = [];
        for (const file of files) {
          const allowed = UNTRANSLATED[file] ?? {};
          const messages = readMessages(`${folder}/${file}`);
          for (const key of Object.keys(allowed)) assert.ok(key in messages, `${file}: allow-listed ${key} is gone`);
          for (const [key, { message }] of Object.entries(messages)) {
            if (!(key in allowed) && !script?.test(message)) untranslated.push(`${file}: ${key} = ${message}`);
            const english = defaults.get(key);
            if (english !== undefined) {
              assert.deepEqual(placeholders(message), placeholders(english), `${file}: ${key} keeps its placeholders`);
            }
          }
        }
        assert.deepEqual(untranslated, [], 'messages still in English');
      });

      it('translates every string the site asks <Translate> and translate() for', () => {
        const messages = readMessages(`${translationsDir(locale)}/code.json`);
        const ids = siteTranslationIds();
        assert.deepEqual(
          ids.filter((id) => !(id in messages)),
          [],
          'ids missing from code.json (npm run docusaurus write-translations -- --locale …)',
        );
      });
    });
  }
});

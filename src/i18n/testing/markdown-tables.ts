/**
 * The tables of a Markdown page as the lesson tests read them: the table that follows a heading (a lesson's
 * check table under `{#checks}`), as rows of cells with their text as the reader sees it. Inline code keeps its
 * text and loses its backticks, so a cell reads `Send Hello,world!` whether or not the greeting is set in code;
 * an escaped pipe (`\|`) is a pipe in a cell, not a column.
 */

import { withoutFencedBlocks } from './fenced-blocks';
import { headings } from './page-outline';

export interface MarkdownTable {
  /** The header row's cells. */
  readonly header: readonly string[];
  /** The body rows, each as its cells. */
  readonly rows: readonly (readonly string[])[];
  /** The header row's line, from 1. */
  readonly line: number;
}

/** A table row's cells, text only. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) =>
      cell
        .replaceAll('\\|', '|')
        .replace(/`([^`]*)`/g, '$1')
        .trim(),
    );
}

/** The first table after the heading whose anchor is `anchor`, before the next heading; undefined if none. */
export function tableUnder(markdown: string, anchor: string): MarkdownTable | undefined {
  const all = headings(markdown);
  const index = all.findIndex((heading) => heading.anchor === anchor);
  const heading = all[index];
  if (heading === undefined) return undefined;
  const end = all[index + 1]?.line ?? Number.POSITIVE_INFINITY;
  const lines = withoutFencedBlocks(markdown).split('\n');
  for (let i = heading.line; i < Math.min(lines.length, end - 1); i++) {
    const separator = lines[i + 1] ?? '';
    if (!(lines[i] ?? '').trim().startsWith('|') || !/^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(separator))
      continue;
    const rows: string[][] = [];
    for (let row = i + 2; row < lines.length && (lines[row] ?? '').trim().startsWith('|'); row++) {
      rows.push(cells(lines[row] ?? ''));
    }
    return { header: cells(lines[i] ?? ''), rows, line: i + 1 };
  }
  return undefined;
}

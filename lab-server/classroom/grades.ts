/**
 * The grades export: one row per student, one column per check (then per capture question) of every lab, each
 * cell the time the student first passed it, empty if never. As CSV for a spreadsheet or a grade book — RFC
 * 4180 quoting, CRLF rows, a UTF-8 byte-order mark so that Excel reads Chinese names and titles right, times as
 * `YYYY-MM-DD HH:MM:SS` in UTC (a format every spreadsheet parses as a date), and any cell that a spreadsheet
 * would run as a formula (`=`, `+`, `-`, `@`, a tab or CR first: OWASP's CSV injection) prefixed with `'` — and
 * as JSON for scripts, with the same facts and ISO 8601 times.
 */

import { type Locale, localized, pick } from '../../src/common/localized';
import type { LabDefinition } from '../../src/lab-kit';
import type { PassRecord, ProgressKind, StudentRecord } from '../store/progress-store';

const TEXT = localized({
  en: {
    name: 'Student',
    joined: 'Joined (UTC)',
    checksPassed: 'Checks passed',
    checksTotal: 'Checks in the course',
    question: 'question',
  },
  'zh-Hans': {
    name: '学生',
    joined: '加入时间（UTC）',
    checksPassed: '已通过检查数',
    checksTotal: '课程检查总数',
    question: '问题',
  },
});

interface Column {
  readonly lab: string;
  readonly kind: ProgressKind;
  readonly item: string;
  readonly header: string;
}

export interface GradesJson {
  readonly generatedAt: string;
  readonly labs: readonly {
    readonly id: string;
    readonly title: string;
    readonly checks: readonly { readonly id: string; readonly title: string }[];
    readonly questions: readonly { readonly id: string; readonly title: string }[];
  }[];
  readonly students: readonly {
    readonly id: string;
    readonly name: string;
    readonly joinedAt: string;
    readonly checksPassed: number;
    /** First-pass times by lab id, then item id (ISO 8601, UTC). */
    readonly checks: Readonly<Record<string, Readonly<Record<string, string>>>>;
    readonly questions: Readonly<Record<string, Readonly<Record<string, string>>>>;
  }[];
}

function columns(labs: readonly LabDefinition[], locale: Locale): Column[] {
  return labs.flatMap((lab) => {
    const title = pick(lab.title, locale);
    return [
      ...lab.checks.map((check) => ({
        lab: lab.id,
        kind: 'check' as const,
        item: check.id,
        header: `${title}: ${pick(check.title, locale)}`,
      })),
      ...(lab.questions ?? []).map((question) => ({
        lab: lab.id,
        kind: 'question' as const,
        item: question.id,
        header: `${title}: ${pick(question.prompt, locale)} (${pick(TEXT.question, locale)})`,
      })),
    ];
  });
}

/** `lab\u0000kind\u0000item` → first-pass time, per student. */
function passIndex(passes: readonly PassRecord[]): Map<string, Map<string, number>> {
  const index = new Map<string, Map<string, number>>();
  for (const pass of passes) {
    let mine = index.get(pass.owner);
    if (mine === undefined) {
      mine = new Map();
      index.set(pass.owner, mine);
    }
    mine.set(`${pass.lab}\u0000${pass.kind}\u0000${pass.item}`, pass.firstPassedAt);
  }
  return index;
}

/** `2026-12-03 11:40:05`, UTC. */
export function spreadsheetTime(at: number): string {
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

/** One CSV field: quoted when it must be, and never a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function gradesCsv(
  students: readonly StudentRecord[],
  passes: readonly PassRecord[],
  labs: readonly LabDefinition[],
  locale: Locale,
): string {
  const cols = columns(labs, locale);
  const checkCount = cols.filter((column) => column.kind === 'check').length;
  const index = passIndex(passes);
  const text = (key: 'name' | 'joined' | 'checksPassed' | 'checksTotal'): string => pick(TEXT[key], locale);
  const header = [
    text('name'),
    text('joined'),
    text('checksPassed'),
    text('checksTotal'),
    ...cols.map((c) => c.header),
  ];
  const rows = students.map((student) => {
    const mine = index.get(student.id) ?? new Map<string, number>();
    const cells = cols.map((column) => {
      const at = mine.get(`${column.lab}\u0000${column.kind}\u0000${column.item}`);
      return at === undefined ? '' : spreadsheetTime(at);
    });
    const passed = cols.filter((column, i) => column.kind === 'check' && cells[i] !== '').length;
    return [student.name, spreadsheetTime(student.joinedAt), String(passed), String(checkCount), ...cells];
  });
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function gradesJson(
  students: readonly StudentRecord[],
  passes: readonly PassRecord[],
  labs: readonly LabDefinition[],
  locale: Locale,
  now: number,
): GradesJson {
  const known = new Set(labs.flatMap((lab) => lab.checks.map((check) => `${lab.id}\u0000${check.id}`)));
  return {
    generatedAt: new Date(now).toISOString(),
    labs: labs.map((lab) => ({
      id: lab.id,
      title: pick(lab.title, locale),
      checks: lab.checks.map((check) => ({ id: check.id, title: pick(check.title, locale) })),
      questions: (lab.questions ?? []).map((question) => ({ id: question.id, title: pick(question.prompt, locale) })),
    })),
    students: students.map((student) => {
      const checks: Record<string, Record<string, string>> = {};
      const questions: Record<string, Record<string, string>> = {};
      let checksPassed = 0;
      for (const pass of passes) {
        if (pass.owner !== student.id) continue;
        const table = pass.kind === 'check' ? checks : questions;
        table[pass.lab] = { ...table[pass.lab], [pass.item]: new Date(pass.firstPassedAt).toISOString() };
        if (pass.kind === 'check' && known.has(`${pass.lab}\u0000${pass.item}`)) checksPassed++;
      }
      return {
        id: student.id,
        name: student.name,
        joinedAt: new Date(student.joinedAt).toISOString(),
        checksPassed,
        checks,
        questions,
      };
    }),
  };
}

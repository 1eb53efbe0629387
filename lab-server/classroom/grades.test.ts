import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabDefinition } from '../../src/lab-kit';
import { csvField, gradesCsv, gradesJson, spreadsheetTime } from './grades';

const text = (en: string, zh: string) => ({ en, 'zh-Hans': zh });
const LAB = {
  id: 'echo',
  title: text('Echo, first', '回显'),
  checks: [
    { id: 'connected', title: text('Connected', '已连接') },
    { id: 'echoed', title: text('Got "Hello"', '收到回显') },
  ],
  questions: [{ id: 'isn', prompt: text('Which ISN?', '初始序号？') }],
} as unknown as LabDefinition;
const STUDENTS = [
  { id: 's1', name: '=HYPERLINK("http://127.0.0.1/")', joinedAt: Date.UTC(2026, 11, 3, 8, 0, 0), lastSeenAt: 0 },
  { id: 's2', name: '王小明', joinedAt: Date.UTC(2026, 11, 3, 8, 1, 0), lastSeenAt: 0 },
];
const PASSES = [
  { owner: 's2', lab: 'echo', kind: 'check' as const, item: 'echoed', firstPassedAt: Date.UTC(2026, 11, 3, 9, 30, 5) },
  { owner: 's2', lab: 'echo', kind: 'question' as const, item: 'isn', firstPassedAt: Date.UTC(2026, 11, 3, 9, 31, 0) },
  // A check the course no longer has is not counted.
  { owner: 's2', lab: 'echo', kind: 'check' as const, item: 'gone', firstPassedAt: 1 },
];

describe('grades export', () => {
  it('quotes what must be quoted and never lets a cell be a formula', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('=1+1'), "'=1+1");
    assert.equal(csvField('-2'), "'-2");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('line\nbreak'), '"line\nbreak"');
  });

  it('has one row per student, one column per check and question, each cell the first-pass time', () => {
    const csv = gradesCsv(STUDENTS, PASSES, [LAB], 'en');
    assert.ok(csv.startsWith('\uFEFF'));
    const lines = csv.slice(1).split('\r\n');
    assert.equal(
      lines[0],
      'Student,Joined (UTC),Checks passed,Checks in the course,"Echo, first: Connected","Echo, first: Got ""Hello""","Echo, first: Which ISN? (question)"',
    );
    assert.equal(lines[1], `"'=HYPERLINK(""http://127.0.0.1/"")",2026-12-03 08:00:00,0,2,,,`);
    assert.equal(lines[2], '王小明,2026-12-03 08:01:00,1,2,,2026-12-03 09:30:05,2026-12-03 09:31:00');
    assert.equal(lines[3], '', 'ends with a line break');
  });

  it('speaks the instructor’s language in the headers', () => {
    const header = gradesCsv([], [], [LAB], 'zh-Hans').slice(1).split('\r\n')[0];
    assert.equal(
      header,
      '学生,加入时间（UTC）,已通过检查数,课程检查总数,回显: 已连接,回显: 收到回显,回显: 初始序号？ (问题)',
    );
  });

  it('says the same in JSON, with ISO times', () => {
    const json = gradesJson(STUDENTS, PASSES, [LAB], 'en', Date.UTC(2026, 11, 3, 10));
    assert.equal(json.generatedAt, '2026-12-03T10:00:00.000Z');
    assert.deepEqual(json.students[1], {
      id: 's2',
      name: '王小明',
      joinedAt: '2026-12-03T08:01:00.000Z',
      checksPassed: 1,
      checks: { echo: { echoed: '2026-12-03T09:30:05.000Z', gone: '1970-01-01T00:00:00.001Z' } },
      questions: { echo: { isn: '2026-12-03T09:31:00.000Z' } },
    });
    assert.equal(json.students[0]?.checksPassed, 0);
    assert.equal(spreadsheetTime(Date.UTC(2026, 0, 2, 3, 4, 5)), '2026-01-02 03:04:05');
  });
});

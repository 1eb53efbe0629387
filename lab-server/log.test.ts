import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLine } from './log';

const AT = new Date(Date.UTC(2026, 11, 3, 9, 0, 0));

describe('the log', () => {
  it('writes a sentence and key=value fields, quoting values that would split', () => {
    assert.equal(
      formatLine(AT, 'student joined', { student: 'stu_1', name: 'Li Mei', note: 'a=b', skip: undefined }, 'text'),
      '2026-12-03T09:00:00.000Z student joined student=stu_1 name="Li Mei" note="a=b"',
    );
  });

  it('writes one JSON object per line for a collector, names as they were typed', () => {
    const line = formatLine(AT, 'student joined', { student: 'stu_1', name: '李梅 "x"\n', count: 3 }, 'json');
    assert.ok(!line.includes('\n'), 'one line');
    assert.deepEqual(JSON.parse(line), {
      time: '2026-12-03T09:00:00.000Z',
      message: 'student joined',
      student: 'stu_1',
      name: '李梅 "x"\n',
      count: 3,
    });
  });
});

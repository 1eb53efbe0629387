/** The build's map of lessons to labs: every lesson's `<Lab id>`, never one quoted in a code block. */

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LABS } from '../../labs';
import { labLessons, labsIn } from './lab-lessons';

describe('lab lessons', () => {
  it('reads a lab from a lesson, and none from a code block', () => {
    const mdx = ['# Lesson', '', '```mdx', '<Lab id="quoted" />', '```', '', '<Lab id="tcp-echo">', '</Lab>'].join(
      '\n',
    );
    assert.deepEqual(labsIn(mdx), ['tcp-echo']);
    assert.deepEqual(labsIn('````md\n```\n<Lab id="inner" />\n```\n````\n'), []);
  });

  it('maps every lab of the course to the lesson that holds it', () => {
    const { lessons } = labLessons(path.resolve(import.meta.dirname, '../../docs'));
    assert.equal(lessons['tcp/first-connection'], 'tcp-echo');
    assert.deepEqual(Object.values(lessons).sort(), LABS.map((lab) => lab.id).sort());
  });
});

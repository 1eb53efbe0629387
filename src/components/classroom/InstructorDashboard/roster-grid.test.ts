/**
 * The roster grid as React writes it: per-lab counts, the stuck badge with the check's title and how long, the
 * last activity as "3 min ago", a name with markup as text, in both languages — what the browser test cannot
 * wait ten minutes for.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import type { RosterLab, RosterStudent } from '../../../protocol/classroom';
import { renderHtml } from '../../testing/static-render';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const LAB: RosterLab = {
  id: 'tcp-echo',
  title: 'Echo',
  checks: [
    { id: 'connected', title: 'Connect' },
    { id: 'sent-hello', title: 'Send hello' },
  ],
  questions: [],
};
const STUDENT: RosterStudent = {
  id: 'stu_1',
  name: '<b>x</b>',
  joinedAt: NOW - 3_600_000,
  lastSeenAt: NOW - 3 * 60_000,
  online: true,
  lab: 'tcp-echo',
  sessions: 1,
  checks: { 'tcp-echo': { connected: NOW - 20 * 60_000 } },
  questions: {},
  stuck: { lab: 'tcp-echo', check: 'sent-hello', since: NOW - 12 * 60_000 },
};

async function html(locale: 'en' | 'zh-Hans' = 'en'): Promise<string> {
  const { default: RosterGrid } = await import('./RosterGrid');
  return renderHtml(
    createElement(RosterGrid, { labs: [LAB], students: [STUDENT], now: NOW, watched: undefined, onWatch: () => {} }),
    locale,
  );
}

describe('RosterGrid', () => {
  it('shows the lab’s count, who is stuck on what and for how long, and the last activity', async () => {
    const shown = await html();
    assert.match(shown, /data-lab-count="tcp-echo">1\/2</);
    assert.match(shown, /data-stuck="sent-hello">Stuck on “Send hello” for 12 min</);
    assert.match(shown, />3 min ago</);
    assert.match(shown, /data-online="true"/);
    assert.match(shown, />Echo</, 'the lab now');
  });

  it('shows a name with markup as text', async () => {
    const shown = await html();
    assert.match(shown, /&lt;b&gt;x&lt;\/b&gt;/);
    assert.doesNotMatch(shown, /<b>x<\/b>/);
  });

  it('speaks as a Chinese teacher', async () => {
    const shown = await html('zh-Hans');
    assert.match(shown, /卡在「Send hello」已 12 分钟/);
    assert.match(shown, />3 分钟前</);
    assert.match(shown, />姓名</);
  });
});

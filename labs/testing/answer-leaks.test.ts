/**
 * The leak finder on checks written to leak: an answer given away in English, in Chinese only (digits, Chinese
 * numerals, the flags' Chinese names) or by saying who sent a FIN is found, and a text that only looks like it
 * (`一些`, `一条连接`, a single flag) is not.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Localized } from '../../src/common/localized';
import type { CheckDefinition } from '../../src/lab-kit';
import { questions } from '../tcp-teardown/questions';
import { answerLeaks } from './answer-leaks';
import * as scenario from './close-scenarios';
import { contextOf } from './packets';

function saying(en: string, zh: string): CheckDefinition {
  const detail: Localized = { en, 'zh-Hans': zh };
  return { id: 'says', title: detail, evaluate: () => ({ state: 'passed', detail }) };
}

function leaksOf(check: CheckDefinition): string[] {
  const context = contextOf(scenario.refused(scenario.closeInThree()).packets);
  return answerLeaks([check], questions, context).map((leak) => `${leak.question}: ${leak.given}`);
}

describe('answerLeaks', () => {
  it('finds an answer given away in either language', () => {
    assert.deepEqual(leaksOf(saying('Your teardown took 3 packets.', '你的挥手用了 3 个包。')), [
      'teardown-packets: 3',
      'teardown-packets: 3',
    ]);
    assert.deepEqual(leaksOf(saying('Your teardown was orderly.', '你的挥手用了三个包。')), ['teardown-packets: 三个']);
    assert.deepEqual(leaksOf(saying('The reply was a reset.', '回复是复位和确认。')), ['rst-flags: 复位和确认']);
    assert.deepEqual(leaksOf(saying('The reply was a reset.', '回复带着 RST、ACK。')), ['rst-flags: RST、ACK']);
  });

  it('finds who sent a FIN in either language', () => {
    assert.deepEqual(leaksOf(saying('The client’s FIN came first.', '一切正常。')), [
      'which side closed: client’s FIN',
    ]);
    assert.deepEqual(leaksOf(saying('All is well.', '客户端的 FIN 先到。')), ['which side closed: 客户端的 FIN']);
    assert.deepEqual(leaksOf(saying('All is well.', '服务器先关闭。')), ['which side closed: 先关闭']);
  });

  it('lets a text that only looks like an answer pass', () => {
    assert.deepEqual(
      leaksOf(saying('Some data on one connection, then RST.', '一条连接上的一些数据，然后是 RST。')),
      [],
    );
  });
});

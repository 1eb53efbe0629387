/**
 * Capture questions without a capture, in Chromium: on a lab server that captures no packets the handshake
 * lesson's questions say why they cannot be answered, with the capture's own reason, and offer no Check.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BrowserSuite, e2eUnavailable } from './browser';

const skip = e2eUnavailable();

describe('capture questions without a capture in Chromium', { skip }, () => {
  const suite = new BrowserSuite({ capture: 'off' });
  before(() => suite.start());
  after(() => suite.close());

  it('are greyed out and say why', async () => {
    const page = await suite.openLesson('tcp/handshake', 'tcp-handshake');
    const questions = page.locator('[data-questions]');
    assert.equal(await questions.getAttribute('data-questions'), 'without-capture');
    const text = await questions.innerText();
    assert.match(text, /not capturing any, so they cannot be checked now/);
    assert.match(text, /CAPTURE=off/, 'with the reason the capture gives');
    await page.locator('[data-question] input').first().fill('1');
    assert.equal(await page.locator('[data-question] button[type="submit"]').first().isDisabled(), true);
    await page.close();
  });
});

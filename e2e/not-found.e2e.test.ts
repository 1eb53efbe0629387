/**
 * The built site's 404 page, as the lab server serves it: socketlab's own words and the ways on into the
 * course, not Docusaurus's "contact the owner of the site", with status 404, and the page working in Chromium.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BrowserSuite, e2eUnavailable } from './browser';

const skip = e2eUnavailable();

describe('404 page', { skip }, () => {
  const suite = new BrowserSuite();
  before(() => suite.start());
  after(() => suite.close());

  it('is socketlab’s own, with links into the course', async () => {
    const response = await fetch(`${suite.server.url}/docs/tcp/no-such-lesson`);
    assert.equal(response.status, 404);
    const html = await response.text();
    assert.doesNotMatch(html, /contact the owner of the site/);
    const page = await suite.browser.context.newPage();
    await page.goto(`${suite.server.url}/docs/tcp/no-such-lesson`);
    await page.getByRole('heading', { name: 'No page at this address' }).waitFor();
    await page.getByRole('link', { name: /first lesson/ }).click();
    await page.waitForURL(/\/docs\/tcp\/first-connection/);
    await page.close();
  });
});

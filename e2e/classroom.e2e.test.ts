/**
 * Classroom mode in Chromium: a student opens the join link the instructor projects (the code filled in), types
 * a name, sees "You are <name>", and is still that student after a reload and in another tab — in English and
 * in Chinese. A wrong code is explained under the code field, a name with markup is shown as text, and the
 * instructor signs in from the one-time link, whose token leaves the address bar. Against the classroom routes
 * served with the built site, a real SQLite store and the lab server's router.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClassroomClient, ClassroomServer } from '../lab-server/classroom/testing/classroom-server';
import { type Browser, e2eUnavailable, launchBrowser, SITE_DIR } from './browser';

const skip = e2eUnavailable();

describe('classroom pages in Chromium', { skip }, () => {
  let server: ClassroomServer;
  let browser: Browser;
  let code: string;
  let loginUrl: string;

  before(async () => {
    server = await ClassroomServer.start({ siteDir: SITE_DIR });
    loginUrl = server.classroom.instructorLoginUrl() ?? '';
    // The code as the projected join URL carries it: signing in here would spend the token the last test uses.
    code = new URL(server.classroom.joinUrl()).searchParams.get('code') ?? '';
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const { locale, prefix, name, youAre, codeError } of [
    { locale: 'en', prefix: '', name: 'Ada Lovelace', youAre: 'You are', codeError: /join code is not this class/ },
    { locale: 'zh-Hans', prefix: '/zh-Hans', name: '王小明', youAre: '你是', codeError: /加入码不是本课堂的/ },
  ]) {
    it(`joins from the projected link and stays joined after a reload (${locale})`, async () => {
      await browser.context.clearCookies();
      const page = await browser.context.newPage();
      await page.goto(`${server.url}${prefix}/join/?code=${code}`);
      const codeField = page.locator('input[name="code"]');
      await codeField.waitFor();
      assert.equal(await codeField.inputValue(), code, 'the code comes from the link');

      await codeField.fill(code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA');
      await page.locator('input[name="name"]').fill(name);
      await page.locator('form button[type="submit"]').click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', codeError);
      assert.equal(await codeField.getAttribute('aria-invalid'), 'true');

      await codeField.fill(code.toLowerCase());
      await page.locator('form button[type="submit"]').click();
      const shown = page.locator('[data-student-name]');
      await shown.waitFor();
      assert.equal(await shown.textContent(), name);
      assert.match((await page.locator('[data-joined]').textContent()) ?? '', new RegExp(`^${youAre}`));

      await page.reload();
      await shown.waitFor();
      assert.equal(await shown.textContent(), name, 'the same student after a reload');
      const tab = await browser.context.newPage();
      await tab.goto(`${server.url}${prefix}/join/`);
      await tab.locator('[data-student-name]').waitFor();
      assert.equal(await tab.locator('[data-student-name]').textContent(), name, 'and in another tab');
      await tab.close();

      const cookies = await browser.context.cookies(server.url);
      const cookie = cookies.find((entry) => entry.name === 'socketlab_student');
      assert.equal(cookie?.httpOnly, true);
      assert.equal(cookie?.sameSite, 'Strict');
      assert.equal(await page.evaluate(() => document.cookie), '', 'no script on the page can read it');
      await page.close();
    });
  }

  it('shows a name with markup as text, and leaves the class', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    let alerted = false;
    page.on('dialog', (dialog) => {
      if (dialog.type() === 'alert') alerted = true;
      dialog.accept().catch(() => undefined);
    });
    await page.goto(`${server.url}/join/?code=${code}`);
    const markup = '<img src=x onerror=alert(1)>';
    await page.locator('input[name="name"]').fill(markup);
    await page.locator('form button[type="submit"]').click();
    const shown = page.locator('[data-student-name]');
    await shown.waitFor();
    assert.equal(await shown.textContent(), markup);
    assert.equal(await page.locator('[data-joined] img').count(), 0);
    assert.equal(alerted, false);

    await page.getByRole('button', { name: 'Leave the class' }).click();
    await page.locator('input[name="name"]').waitFor();
    const students = await server.store.students();
    assert.ok(!students.some((student) => student.name === markup), 'the class forgot the student');
    await page.close();
  });

  it('signs the instructor in from the one-time link and takes the token out of the address bar', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.goto(loginUrl);
    await page.locator('[data-signed-in]').waitFor();
    assert.doesNotMatch(page.url(), /token/);
    assert.equal(await page.evaluate(() => window.location.hash), '');
    const link = page.getByRole('link', { name: 'Open the instructor dashboard' });
    assert.equal(await link.getAttribute('href'), '/instructor/');
    const cookies = await browser.context.cookies(server.url);
    const header = cookies.map((entry) => `${entry.name}=${entry.value}`).join('; ');
    assert.deepEqual(await server.classroom.identify({ headers: { cookie: header } }), { role: 'instructor' });

    // The link is spent: opened again (a shared screenshot, the history), it signs nobody in.
    await browser.context.clearCookies();
    const again = await browser.context.newPage();
    await again.goto(loginUrl);
    const alert = again.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /already used/);
    await again.close();
    await page.close();
    // The API agrees: a fresh client with the token is refused.
    const token = loginUrl.split('#token=')[1] ?? '';
    const replay = await new ClassroomClient(server).post('/api/instructor/login', { token });
    assert.equal(replay.body.code, 'LAB_ERR_LOGIN_FAILED');
  });
});

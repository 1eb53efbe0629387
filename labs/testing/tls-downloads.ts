/**
 * What a student downloads from a TLS lab's panel before running a program of their own: the class CA as
 * `socketlab-ca.pem` and the session's own `client.pem` and `client.key`, fetched over HTTP from the lab server at
 * the paths the session's welcome names (`pki`), into the directory where the lesson's client runs.
 */

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestClient } from '../../lab-server/testing/test-client';

/** The panel's files under the names the lessons use. */
const FILES = [
  ['ca', 'socketlab-ca.pem'],
  ['clientCertificate', 'client.pem'],
  ['clientKey', 'client.key'],
] as const;

/** Downloads the session's TLS files from `serverUrl` into `dir`, as the panel's links do. */
export async function downloadStudentFiles(page: TestClient, serverUrl: string, dir: string): Promise<void> {
  const pki = page.welcome.pki;
  assert.ok(pki !== undefined, 'the welcome of a TLS lab names its downloads');
  for (const [field, name] of FILES) {
    const response = await fetch(new URL(pki[field], serverUrl));
    assert.equal(response.status, 200, `GET ${pki[field]}`);
    await writeFile(path.join(dir, name), await response.text());
  }
}

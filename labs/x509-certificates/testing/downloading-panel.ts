/**
 * The lab panel as a student's clicks use it, for a lab test that runs a reference solution against a real
 * session: its faults through the session, and its downloads (the class CA, the session's own certificate and
 * key) fetched from the lab server by the links the welcome names, as the panel's buttons fetch them.
 */

import assert from 'node:assert/strict';
import type { TestClient } from '../../../lab-server/testing/test-client';
import type { LabPanel } from '../../../src/lab-kit';

export function downloadingPanel(page: TestClient, serverUrl: string): LabPanel {
  return {
    setFault: (kind, server, value) => page.panel().setFault(kind, server, value),
    async download(file) {
      const link = page.welcome.pki?.[file];
      assert.ok(link !== undefined, `the welcome names a ${file} download`);
      const response = await fetch(new URL(link, serverUrl));
      assert.equal(response.status, 200, `GET ${link}`);
      return response.text();
    },
  };
}

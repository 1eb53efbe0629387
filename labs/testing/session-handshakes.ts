/**
 * The TLS handshakes a session sent a page (its welcome's and every `tls` message since), for the TLS labs'
 * integration tests: the newest one with a server that satisfies a test, waited for as the page waits for it.
 */

import assert from 'node:assert/strict';
import type { TestClient } from '../../lab-server/testing/test-client';
import type { TlsHandshake } from '../../src/protocol';

export function sessionHandshakes(page: TestClient): TlsHandshake[] {
  return [...page.welcome.handshakes, ...page.messages.flatMap((m) => (m.type === 'tls' ? [m.handshake] : []))];
}

/** The newest handshake with `server` for which `test` holds, once the session has sent one. */
export async function waitForHandshake(
  page: TestClient,
  server: string,
  test: (handshake: TlsHandshake) => boolean,
  ms = 30_000,
): Promise<TlsHandshake> {
  const found = (): TlsHandshake | undefined =>
    sessionHandshakes(page)
      .filter((handshake) => handshake.server === server && test(handshake))
      .at(-1);
  await page.waitFor(() => found() !== undefined, ms);
  const handshake = found();
  assert.ok(handshake !== undefined, `a handshake with ${server}`);
  return handshake;
}

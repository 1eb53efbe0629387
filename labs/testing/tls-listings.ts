/**
 * The TLS lessons' client, as their listing tests run it: the page's `tls_client.py`, `tls_client.c` (compiled with
 * warnings as errors and linked with OpenSSL) and `tls_client.mjs` written to the lesson's scratch directory beside
 * the files the lab panel would give the student (`socketlab-ca.pem`, `client.pem`, `client.key`), each run with the
 * lesson's own arguments. The three lessons share the client, so they share this.
 */

import assert from 'node:assert/strict';
import { type ChildResult, describeRun, type LessonListings } from './listings';
import type { TestPki } from './tls-servers';

export type ClientLanguage = 'python' | 'c' | 'node';

export type TlsClientRunner = (language: ClientLanguage, args: readonly string[]) => Promise<ChildResult>;

/** Writes the three clients and the student's files into the lesson's scratch directory; returns a runner. */
export async function tlsClients(lesson: LessonListings, pki: TestPki): Promise<TlsClientRunner> {
  await pki.writeStudentFiles(lesson.workDir);
  for (const title of ['tls_client.py', 'tls_client.c', 'tls_client.mjs']) await lesson.write(title);
  const compiled = await lesson.run('cc', [
    '-Wall',
    '-Wextra',
    '-Werror',
    '-o',
    'tls_client',
    'tls_client.c',
    '-lssl',
    '-lcrypto',
  ]);
  assert.equal(compiled.code, 0, `tls_client.c does not compile cleanly: ${describeRun(compiled)}`);
  return (language, args) => {
    switch (language) {
      case 'python':
        return lesson.run('python3', ['tls_client.py', ...args]);
      case 'c':
        return lesson.run('./tls_client', args);
      case 'node':
        return lesson.run(process.execPath, ['tls_client.mjs', ...args]);
    }
  };
}

export const LANGUAGES: readonly ClientLanguage[] = ['python', 'c', 'node'];

/** The client's two lines on success: the version and suite, then the echo. */
export function assertEchoed(result: ChildResult, version: string, suite: string): void {
  assert.equal(result.timedOut, false, `the client hung: ${describeRun(result)}`);
  assert.equal(result.code, 0, describeRun(result));
  assert.deepEqual(
    result.stdout.trim().split('\n'),
    [`${version} ${suite}`, 'received 12 bytes: Hello,world!'],
    describeRun(result),
  );
}

/** `openssl s_client` with `args`, `Hello,world!` typed into it, until it ends (DONE) or is killed. */
export function sClient(lesson: LessonListings, args: readonly string[]): Promise<ChildResult> {
  return lesson.run('sh', ['-c', `(printf 'Hello,world!\\n'; sleep 1) | openssl s_client ${args.join(' ')}`]);
}

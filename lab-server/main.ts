/**
 * `npm start`: runs the lab server with the built site, configured from the environment, and stops it cleanly
 * on Ctrl-C or SIGTERM (every session's servers and sockets are closed first).
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LABS } from '../labs';
import { Emitter } from '../src/common/emitter';
import { classroomStartLines } from './classroom';
import { ConfigError, configFromEnv } from './config';
import { webServerUrl } from './http/web-server';
import { startLabServer } from './lab-server';
import { log, setLogFormat } from './log';

Emitter.reportListenerError = (error) => {
  log(`a listener failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
};

const here = path.dirname(fileURLToPath(import.meta.url));
// The same relative layout holds for lab-server/main.ts under tsx and for build-server/main.js.
const root = path.resolve(here, '..');
const siteDir = path.join(root, 'build');
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

try {
  const format = process.env.LOG_FORMAT ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new ConfigError(`LOG_FORMAT must be text or json, got "${format}".`);
  setLogFormat(format);
  const server = await startLabServer(
    {
      ...configFromEnv(process.env),
      siteDir: existsSync(path.join(siteDir, 'index.html')) ? siteDir : undefined,
      version,
    },
    LABS,
  );
  // The scheme from the configuration: https:// when the server itself serves HTTPS_CERT.
  log(`socketlab ${version} is running: open ${webServerUrl(server.config, server.port)}`);
  if (!existsSync(path.join(siteDir, 'index.html'))) log('the site is not built yet: run `npm run build`');
  if (server.classroom !== undefined) for (const line of classroomStartLines(server.classroom)) log(line);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`socketlab: ${error.message}\n`);
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    process.stderr.write('socketlab: the port is already in use; stop the other server or set PORT=…\n');
    process.exit(2);
  }
  throw error;
}

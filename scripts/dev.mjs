// `npm run dev`: the Docusaurus dev server (hot reload of lessons and components) on :3000 beside the lab
// server on :8080, which lets that origin open its WebSocket. Ctrl-C stops both. The dev server serves one locale
// at a time; arguments after `--` go to it, so `npm run dev -- --locale zh-Hans` serves the Chinese pages.
import { spawn } from 'node:child_process';

const labPort = process.env.PORT ?? '8080';
const sitePort = process.env.DEV_PORT ?? '3000';
const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'lab-server/main.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: labPort, EXTRA_ORIGINS: `http://127.0.0.1:${sitePort},http://localhost:${sitePort}` },
  }),
  spawn(
    'npx',
    ['docusaurus', 'start', '--host', '127.0.0.1', '--port', sitePort, '--no-open', ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, SOCKETLAB_LAB_SERVER_WS: `ws://127.0.0.1:${labPort}/ws` },
    },
  ),
];
const stop = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);

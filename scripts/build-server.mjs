// Bundles the lab server into build-server/main.js with esbuild: TypeScript in, one ES module out, npm
// packages left as imports. `npm start` runs the bundle with plain node.
import { build } from 'esbuild';

await build({
  entryPoints: ['lab-server/main.ts'],
  outfile: 'build-server/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

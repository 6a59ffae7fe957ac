// The web process of a production start (`npm start`, the tests, the benchmark):
// scripts/web.ts bundled into one plain JavaScript file beside the build (esbuild, a few
// milliseconds, on every start), so that it runs on plain Node. Run through the TypeScript
// loader instead, the loader hooks into every module Next.js loads: measured with 3,000
// deliveries, 355 MB of memory against 267 MB. `npm run dev` keeps the loader.
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { ROOT } from './local-config';

/** Bundles scripts/web.ts into `<distDir>/web.mjs` and returns its path. */
export function webEntry(distDir = process.env.NEXT_DIST_DIR ?? '.next'): string {
  const outfile = path.join(ROOT, distDir, 'web.mjs');
  const { outputFiles } = buildSync({
    entryPoints: [path.join(ROOT, 'scripts', 'web.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Next.js and every other package load from node_modules as usual.
    packages: 'external',
    // Where scripts/lib/local-config.ts works the project folder out from (the one bundled
    // module that reads it); in a bundle it would be the bundle's own folder.
    define: { 'import.meta.dirname': JSON.stringify(path.join(ROOT, 'scripts', 'lib')) },
    write: false,
    logLevel: 'error',
  });
  // Several processes may start at once (the tests): each writes a file of its own and moves it in place.
  const temporary = `${outfile}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, outputFiles[0]!.contents);
  renameSync(temporary, outfile);
  return outfile;
}

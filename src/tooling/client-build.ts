import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The browser bundles: each page's TypeScript entry (src/client/<page>/main.ts) with the
 * modules and schemas it imports, as one script in public/js/<page>.js. Served from
 * /static/js/ as files, so the CSP needs no inline script. The service worker
 * (src/client/sw/main.ts → public/js/sw.js) is served at /sw.js, so its scope is the site.
 */
const options: esbuild.BuildOptions = {
  entryPoints: { room: 'src/client/room/main.ts', home: 'src/client/home/main.ts', sw: 'src/client/sw/main.ts' },
  absWorkingDir: root,
  outdir: 'public/js',
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  sourcemap: true,
  minify: process.env.NODE_ENV === 'production',
  logLevel: 'warning',
};

/** Builds the bundles once. */
export async function buildClient(): Promise<void> {
  await esbuild.build(options);
}

/** Rebuilds on every change until the process ends (npm run dev). */
export async function watchClient(): Promise<void> {
  const context = await esbuild.context({ ...options, logLevel: 'info' });
  await context.watch();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const run = process.argv.includes('--watch') ? watchClient() : buildClient();
  run.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

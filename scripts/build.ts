// Builds what `npm start` runs: the stylesheet (when its sources changed), and the server
// compiled to dist/ with its templates, copy and migrations beside it. Run again, it only
// redoes what changed.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCss } from './build-css.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestIn(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestIn(join(path, name))));
}

const css = join(root, 'public/build/waymark.css');
const cssSources = [join(root, 'src/styles'), join(root, 'public/images'), join(root, 'node_modules/nhsuk-frontend/package.json')];
if (!existsSync(css) || Math.max(...cssSources.map(newestIn)) > statSync(css).mtimeMs) buildCss();

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

// Templates, copy and migrations are read beside the compiled modules.
cpSync(join(root, 'src'), join(root, 'dist'), {
  recursive: true,
  filter: (source) => statSync(source).isDirectory() || /\.(njk|json|sql)$/.test(source),
});

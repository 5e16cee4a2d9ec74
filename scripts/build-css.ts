// Builds the stylesheet and gathers the front-end assets the pages use into public/build.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = fileURLToPath(new URL('..', import.meta.url));
const nhsuk = `${root}node_modules/nhsuk-frontend/dist/nhsuk`;
const out = `${root}public/build`;

export function buildCss(): void {
  mkdirSync(`${out}/images`, { recursive: true });
  const result = sass.compile(`${root}src/styles/waymark.scss`, {
    loadPaths: [`${root}node_modules`],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import'],
  });
  writeFileSync(`${out}/waymark.css`, result.css);
  cpSync(`${nhsuk}/nhsuk-frontend.min.js`, `${out}/nhsuk-frontend.min.js`);
  cpSync(`${nhsuk}/assets/images`, `${out}/images`, { recursive: true });
  cpSync(`${root}public/images`, `${out}/images`, { recursive: true });
  console.log(`built public/build/waymark.css (${Math.round(result.css.length / 1024)} KiB)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildCss();

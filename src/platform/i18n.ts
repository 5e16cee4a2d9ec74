import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';

export const LANGUAGES = ['en'] as const;
export type Language = (typeof LANGUAGES)[number];

const srcDir = fileURLToPath(new URL('..', import.meta.url));

/** Copy lives beside the code that uses it: platform/locales/<lang>.json is the
 *  "common" namespace, features/<name>/locales/<lang>.json the "<name>" namespace. */
function loadResources(): Record<string, Record<string, unknown>> {
  const resources: Record<string, Record<string, unknown>> = {};
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as unknown;
  for (const lang of LANGUAGES) {
    const bundle: Record<string, unknown> = { common: read(join(srcDir, 'platform/locales', `${lang}.json`)) };
    const featuresDir = join(srcDir, 'features');
    for (const feature of readdirSync(featuresDir)) {
      const file = join(featuresDir, feature, 'locales', `${lang}.json`);
      if (existsSync(file)) bundle[feature] = read(file);
    }
    resources[lang] = bundle;
  }
  return resources;
}

export type Translate = TFunction;

export async function createI18n(): Promise<{ t: (lang: Language) => Translate; namespaces: string[] }> {
  const instance = i18next.createInstance();
  const resources = loadResources();
  const namespaces = Object.keys(resources.en ?? {});
  await instance.init({
    resources: resources as never,
    lng: 'en',
    fallbackLng: 'en',
    ns: namespaces,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // One translate function per language, made once: every page asks for one.
  const fixed = new Map(LANGUAGES.map((lang) => [lang, instance.getFixedT(lang)]));
  return { t: (lang) => fixed.get(lang) ?? instance.getFixedT(lang), namespaces };
}

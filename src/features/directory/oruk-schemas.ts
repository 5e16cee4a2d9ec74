import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

// A CommonJS module: its function is its `default`, under Node and under the type checker.
const addFormats = formats.default;

/*
 * Validates API answers (in the tests) and imported services (import-check.ts) against the Open
 * Referral UK 3.0 schemas kept in this repository (standards/oruk-3.0, copied unchanged, CC BY-SA
 * 4.0), with the remote addresses their $refs use mapped to those files (nothing outside is
 * reachable). The importer runs from dist/ too: the folder is found at the same depth there.
 */
const REMOTE = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/';
const OPENAPI = `${REMOTE}openapi.json`;
const root = fileURLToPath(new URL('../../../standards/oruk-3.0/schema/', import.meta.url));

export const orukSchemaFolder = process.env.ORUK_SCHEMAS ?? root;

function load(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  const read = (file: string) => JSON.parse(readFileSync(join(orukSchemaFolder, file), 'utf8')) as object;
  for (const file of readdirSync(orukSchemaFolder).filter((f) => f.endsWith('.json'))) ajv.addSchema(read(file), `${REMOTE}${file}`);
  for (const file of readdirSync(join(orukSchemaFolder, 'compiled'))) ajv.addSchema(read(`compiled/${file}`), `${REMOTE}compiled/${file}`);
  return ajv;
}

let ajv: Ajv2020 | undefined;

/** The schema the ORUK OpenAPI description gives for a GET path's 200 answer (`/services/{id}`). */
export function responseErrors(path: string, body: unknown): string[] {
  ajv ??= load();
  const pointer = `#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/get/responses/200/content/application~1json/schema`;
  const validate = ajv.getSchema(`${OPENAPI}${pointer}`);
  if (!validate) throw new Error(`no schema for ${path}`);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Against one of the schema files (`compiled/service_at_location.json`). */
export function schemaErrors(file: string, body: unknown): string[] {
  ajv ??= load();
  const validate = ajv.getSchema(`${REMOTE}${file}`);
  if (!validate) throw new Error(`no schema ${file}`);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

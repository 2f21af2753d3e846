// The official CSAF 2.0 schemas from the shared vectors, compiled with ajv:
// the document schema and the provider metadata schema (2020-12), which
// refer to the CSAF schema's publisher and to FIRST's CVSS schemas by
// absolute URL. Shared by exports.test.mjs and exports-provider.test.mjs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO } from './server.mjs';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

export const SHARED = process.env.LOUDONG_SHARED_DATA || path.resolve(REPO, '../shared/data');
const CSAF = path.join(SHARED, 'vectors/csaf/csaf_2.0');
export const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));

export function csafValidators() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const v of ['2.0', '3.0', '3.1']) {
    const s = readJson(path.join(CSAF, `referenced_schema/first/cvss-v${v}.json`));
    // FIRST's $id carries a date query the CSAF schema's $ref does not, and
    // draft-07's meta-schema is not Ajv2020's: keywords used are the same.
    s.$id = `https://www.first.org/cvss/cvss-v${v}.json`;
    delete s.$schema;
    delete s.id;  // v2.0's draft-04 spelling of $id
    ajv.addSchema(s);
  }
  const csaf = ajv.compile(readJson(path.join(CSAF, 'json_schema/csaf_json_schema.json')));
  const provider = ajv.compile(readJson(path.join(CSAF, 'json_schema/provider_json_schema.json')));
  return { csaf, provider };
}

export const explain = (validate) => JSON.stringify(validate.errors, null, 1);

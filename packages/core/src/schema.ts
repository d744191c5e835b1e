/**
 * JSON-schema validation of a located YAML document: every error is reported at its own line,
 * unknown keys at the key itself, as ConfigurationError (exit 2) or as a list for reports.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ConfigurationError } from './errors';
import type { LocatedYaml, PathSegment } from './yaml';

export interface SchemaProblem {
  message: string;
  line: number;
  column: number;
  path: string;
}

const cache = new WeakMap<object, ValidateFunction>();

export function compileSchema(schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    addFormats(ajv);
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

export function schemaProblems(doc: LocatedYaml, schema: object): SchemaProblem[] {
  const validate = compileSchema(schema);
  if (validate(doc.value)) return [];
  return describeAjvErrors(validate.errors ?? [], doc);
}

/** Throws one ConfigurationError listing every problem (first one's location in the error). */
export function assertSchema(doc: LocatedYaml, schema: object, what: string): void {
  const problems = schemaProblems(doc, schema);
  if (problems.length === 0) return;
  const first = problems[0];
  const rest = problems.slice(1).map((p) => `\n  ${doc.file}:${p.line}:${p.column}: ${p.message}`);
  throw new ConfigurationError(`${first.message}${rest.join('')}`, { file: doc.file, line: first.line, column: first.column }, `see the ${what} reference in the README`);
}

export function describeAjvErrors(errors: readonly ErrorObject[], doc: LocatedYaml): SchemaProblem[] {
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  // Prefer the most specific error per location: drop anyOf/oneOf wrappers when a child explains it.
  for (const e of errors) {
    if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath))) continue;
    const path = pointerToPath(e.instancePath);
    let message: string;
    let at: PathSegment[] = path;
    let which: 'key' | 'value' = 'value';
    const where = path.length ? path.join('.') : 'top level';
    switch (e.keyword) {
      case 'additionalProperties': {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        at = [...path, extra];
        which = 'key';
        message = `unknown key "${extra}" in ${where}`;
        break;
      }
      case 'required':
        message = `${where}: missing required key "${(e.params as { missingProperty: string }).missingProperty}"`;
        break;
      case 'enum':
        message = `${where}: expected one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'type':
        message = `${where}: expected ${(e.params as { type: string }).type}`;
        break;
      default:
        message = `${where}: ${e.message ?? e.keyword}`;
    }
    const pos = doc.locate(at, which);
    const key = `${pos.line}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ message, line: pos.line, column: pos.column, path: where });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

export function pointerToPath(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

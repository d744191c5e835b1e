/**
 * TEST SERVER for hardline's tests — NOT the real GitLab API.
 *
 * GitLab's model validations for CI/CD variables, with its error texts
 * (rendered as `{"message": {"value": ["is invalid"]}}` and the like):
 *  - key: only letters, digits and '_', at most 255 characters, unique per environment scope;
 *  - masked value (Ci::Maskable): at least 8 characters from the Base64 alphabet (RFC 4648) plus
 *    '@', ':', '.', '~' (and '-', '_', '+', '=', '/'), no whitespace — or, for a raw (unexpanded)
 *    variable, any 8+ non-whitespace characters.
 */
import type { GitLabVariable } from './types';

/** Ci::Maskable::REGEX */
export const MASKABLE = /^[a-zA-Z0-9_+=/@:.~-]{8,}$/;
/** Ci::Maskable::MASK_AND_RAW_REGEX */
export const MASKABLE_RAW = /^\S{8,}$/;

export type ValidationErrors = Record<string, string[]>;

export function validateVariable(v: GitLabVariable, others: GitLabVariable[]): ValidationErrors | undefined {
  const errors: ValidationErrors = {};
  const add = (field: string, text: string) => (errors[field] ??= []).push(text);

  if (v.key.length > 255) add('key', 'is too long (maximum is 255 characters)');
  if (!/^[a-zA-Z0-9_]+$/.test(v.key)) add('key', "can contain only letters, digits and '_'.");
  if (others.some((o) => o.key === v.key && o.environment_scope === v.environment_scope)) {
    add('key', `(${v.key}) has already been taken`);
  }
  if (v.masked && !(v.raw ? MASKABLE_RAW : MASKABLE).test(v.value)) add('value', 'is invalid');
  if (v.description !== null && v.description.length > 255) add('description', 'is too long (maximum is 255 characters)');
  return Object.keys(errors).length ? errors : undefined;
}

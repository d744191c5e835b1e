/**
 * Store targets as one string, the form inputs, flags and plan files use:
 *   github:repository:owner/repo        github:environment:owner/repo/production
 *   github:organization:myorg           gitlab:project:group/sub/proj   gitlab:group:mygroup
 *   vault-kv:secret/ci/creds            (mount "secret", path "ci/creds")
 */
import { ConfigurationError, type SourceLocation } from '@hardline/core';
import type { StoreTarget } from './types';

export const STORE_TARGET_FORMS = [
  'github:repository:<owner>/<repo>',
  'github:environment:<owner>/<repo>/<environment>',
  'github:organization:<org>',
  'gitlab:project:<group>/<project> (or a numeric id)',
  'gitlab:group:<group> (or a numeric id)',
  'vault-kv:<mount>/<path>',
];

const GH_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?$/;
const GL_PATH = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*$/;
/** A path segment; "." and ".." are refused: the request URL would resolve them to another Vault path. */
const VAULT_SEGMENT = /^(?!\.\.?$)[^\s/]+$/;

/**
 * Parses a target string into the part of a StoreSpec it determines (token, addresses and options
 * come from other inputs). `label` names where the string came from, for the error message.
 */
export function parseStoreTarget(raw: string, label = 'store target', loc?: SourceLocation): StoreTarget {
  const value = raw.trim();
  const fail = (why: string): never => {
    throw new ConfigurationError(
      `${label}: ${why} in "${value}"; expected one of: ${STORE_TARGET_FORMS.join(', ')}`,
      loc,
    );
  };
  const colon = value.indexOf(':');
  if (colon < 0) return fail('no store kind');
  const kind = value.slice(0, colon);
  const rest = value.slice(colon + 1);

  if (kind === 'vault-kv') {
    const parts = rest.split('/').filter((p) => p.length > 0);
    if (parts.length < 2 || !parts.every((p) => VAULT_SEGMENT.test(p))) return fail('a Vault KV target needs a mount and a path (no "." or ".." segments)');
    return { kind: 'vault-kv', mount: parts[0]!, path: parts.slice(1).join('/') };
  }

  if (kind !== 'github' && kind !== 'gitlab') return fail(`unknown store kind "${kind}" (github, gitlab or vault-kv)`);
  const colon2 = rest.indexOf(':');
  if (colon2 < 0) return fail(`no scope after "${kind}:"`);
  const scope = rest.slice(0, colon2);
  const where = rest.slice(colon2 + 1);

  if (kind === 'github') {
    const parts = where.split('/');
    if (!parts.every((p) => GH_NAME.test(p))) return fail('not a valid GitHub owner, repository or environment name');
    if (scope === 'repository') {
      if (parts.length !== 2) return fail('a repository target is owner/repo');
      return { kind: 'github', scope: 'repository', repository: `${parts[0]}/${parts[1]}` };
    }
    if (scope === 'environment') {
      if (parts.length !== 3) return fail('an environment target is owner/repo/environment');
      return { kind: 'github', scope: 'environment', repository: `${parts[0]}/${parts[1]}`, environment: parts[2] };
    }
    if (scope === 'organization') {
      if (parts.length !== 1) return fail('an organization target is the organization name alone');
      return { kind: 'github', scope: 'organization', organization: parts[0] };
    }
    return fail(`unknown GitHub scope "${scope}" (repository, environment or organization)`);
  }

  // gitlab
  if (scope !== 'project' && scope !== 'group') return fail(`unknown GitLab scope "${scope}" (project or group)`);
  if (!/^\d+$/.test(where) && !GL_PATH.test(where)) return fail(`not a GitLab ${scope} path or id`);
  if (scope === 'project' && !/^\d+$/.test(where) && !where.includes('/')) {
    return fail('a project path is namespace/project (or the numeric id)');
  }
  return { kind: 'gitlab', scope, id: where };
}

/** The inverse of parseStoreTarget, for labels and plans. */
export function formatStoreTarget(t: StoreTarget): string {
  switch (t.kind) {
    case 'github':
      if (t.scope === 'organization') return `github:organization:${t.organization ?? ''}`;
      if (t.scope === 'environment') return `github:environment:${t.repository ?? ''}/${t.environment ?? ''}`;
      return `github:repository:${t.repository ?? ''}`;
    case 'gitlab':
      return `gitlab:${t.scope}:${t.id}`;
    case 'vault-kv':
      return `vault-kv:${t.mount}/${t.path}`;
  }
}

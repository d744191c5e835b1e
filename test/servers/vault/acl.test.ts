/**
 * Tests of the Vault TEST SERVER's ACL policies — HCL parsing, Vault's path matching rules, and
 * their enforcement over HTTP with sys/policies/acl — the server, not Vault.
 */
import { compileAcl, isAllowed, parsePolicy, type Operation } from './acl';
import { startVaultTestServer, type VaultTestServer } from './index';
import { call, dataOf, errorsOf } from './http-helpers';

function allows(policies: Record<string, string>, path: string, operation: Operation, sudo = false): boolean {
  const acl = compileAcl(Object.keys(policies), (name) => (policies[name] === undefined ? undefined : parsePolicy(policies[name])));
  return isAllowed(acl, path, operation, sudo);
}

describe('ACL policies of the Vault test server', () => {
  it('matches exact paths, "*" globs as prefixes and "+" as one segment', () => {
    const policy = {
      p: `
        path "secret/data/exact" { capabilities = ["read"] }
        path "secret/data/team-*" { capabilities = ["list"] }
        path "secret/+/shared/config" { capabilities = ["update"] }
      `,
    };
    expect(allows(policy, 'secret/data/exact', 'read')).toBe(true);
    expect(allows(policy, 'secret/data/exact/child', 'read')).toBe(false);
    expect(allows(policy, 'secret/data/team-a/deep/path', 'list')).toBe(true);
    expect(allows(policy, 'secret/data/team-a', 'read')).toBe(false);
    expect(allows(policy, 'secret/data/shared/config', 'update')).toBe(true);
    expect(allows(policy, 'secret/metadata/shared/config', 'update')).toBe(true);
    expect(allows(policy, 'secret/a/b/shared/config', 'update')).toBe(false);
    expect(allows(policy, 'other/data/exact', 'read')).toBe(false);
  });

  it("ranks overlapping rules as Vault does and lets deny win within a path", () => {
    const policies = {
      broad: 'path "secret/*" { capabilities = ["read", "update"] }',
      narrow: 'path "secret/app/*" { capabilities = ["read"] }',
      segment: 'path "secret/+/locked" { capabilities = ["deny"] }',
      merged: 'path "kv/x" { capabilities = ["read"] }',
      denied: 'path "kv/x" { capabilities = ["deny"] }',
    };
    expect(allows(policies, 'secret/app/config', 'update')).toBe(false); // the longer glob wins
    expect(allows(policies, 'secret/other', 'update')).toBe(true);
    expect(allows(policies, 'secret/app/locked', 'read')).toBe(true); // a later first wildcard wins: secret/app/* over secret/+/locked
    expect(allows(policies, 'secret/zzz/locked', 'read')).toBe(false);
    expect(allows({ merged: policies.merged }, 'kv/x', 'read')).toBe(true);
    expect(allows({ merged: policies.merged, denied: policies.denied }, 'kv/x', 'read')).toBe(false);
  });

  it('needs sudo for root-protected paths, treats LIST of "x/" as exact on "x", and root allows all', () => {
    const policy = { p: 'path "sys/auth/*" { capabilities = ["create", "update"] }\npath "secret/metadata" { capabilities = ["list"] }' };
    expect(allows(policy, 'sys/auth/approle', 'update')).toBe(true);
    expect(allows(policy, 'sys/auth/approle', 'update', true)).toBe(false);
    expect(allows(policy, 'secret/metadata/', 'list')).toBe(true);
    expect(allows({ root: '' }, 'anything/at/all', 'delete', true)).toBe(true);
  });

  it('reports HCL errors with Vault\'s wording and the line they are on', () => {
    expect(() => parsePolicy('path "a" {\n  capabilities = ["read"\n}')).toThrow(/^failed to parse policy: At 3:1: /);
    expect(() => parsePolicy('path "a" {\n  capabilites = ["read"]\n}')).toThrow('failed to parse policy: 1 error occurred:\n\t* path "a": invalid key "capabilites" on line 2');
    expect(() => parsePolicy('path "a" { capabilities = ["write"] }')).toThrow('failed to parse policy: path "a": invalid capability "write"');
    expect(() => parsePolicy('path "a" { policy = "write" }')).not.toThrow();
    expect(parsePolicy('{"path": {"secret/*": {"capabilities": ["read", "list"]}}}')).toEqual([
      { path: 'secret/', isPrefix: true, hasSegmentWildcards: false, templated: false, capabilities: 4 | 32 },
    ]);
    expect(() => parsePolicy('path "a/+*" { capabilities = ["read"] }')).toThrow("invalid use of wildcards ('+*' is forbidden)");
  });
});

describe('policies and ACL enforcement over HTTP', () => {
  let server: VaultTestServer;
  let root: string;
  beforeEach(async () => {
    server = await startVaultTestServer();
    const init = server.initialize({ shares: 1, threshold: 1 });
    server.unsealWith(init.keys);
    root = init.rootToken;
  });
  afterEach(() => server.close());

  it('answers a missing or unknown token with 403 "permission denied"', async () => {
    for (const token of [undefined, 'hvs.nosuchtoken']) {
      const answer = await call(server.url, 'GET', 'sys/policies/acl/default', { token });
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({ errors: ['permission denied'] });
    }
  });

  it('enforces the policies a token carries, path by path', async () => {
    await call(server.url, 'PUT', 'sys/mounts/secret', { token: root, body: { type: 'kv', options: { version: '2' } } });
    const policy = 'path "secret/data/app/*" { capabilities = ["read"] }';
    expect((await call(server.url, 'PUT', 'sys/policies/acl/app-read', { token: root, body: { policy } })).status).toBe(204);
    await call(server.url, 'PUT', 'secret/data/app/db', { token: root, body: { data: { password: 'p' } } });
    const token = server.createToken(['app-read']);
    expect((await call(server.url, 'GET', 'secret/data/app/db', { token })).status).toBe(200);
    const denied = await call(server.url, 'PUT', 'secret/data/app/db', { token, body: { data: { password: 'x' } } });
    expect(denied.status).toBe(403);
    expect(errorsOf(denied)).toEqual(['1 error occurred:\n\t* permission denied\n\n']);
    expect((await call(server.url, 'GET', 'secret/data/other', { token })).status).toBe(403);
    expect((await call(server.url, 'GET', 'auth/token/lookup-self', { token })).status).toBe(200); // via "default"
  });

  it('lists, reads, writes and deletes ACL policies with Vault\'s rules for root and default', async () => {
    const list = await call(server.url, 'LIST', 'sys/policies/acl', { token: root });
    expect(dataOf(list).keys).toEqual(['default', 'root']);
    expect((await call(server.url, 'GET', 'sys/policies/acl?list=true', { token: root })).status).toBe(200);
    const encoded = Buffer.from('path "kv/*" { capabilities = ["list"] }').toString('base64');
    expect((await call(server.url, 'POST', 'sys/policies/acl/Mixed-Case', { token: root, body: { policy: encoded } })).status).toBe(204);
    const read = await call(server.url, 'GET', 'sys/policies/acl/mixed-case', { token: root });
    expect(dataOf(read)).toEqual({ name: 'mixed-case', policy: 'path "kv/*" { capabilities = ["list"] }' });
    expect(read.body).toHaveProperty('name', 'mixed-case'); // sys/ answers repeat data at the top level
    const legacy = await call(server.url, 'GET', 'sys/policy', { token: root });
    expect(dataOf(legacy).policies).toEqual(['default', 'mixed-case', 'root']);
    expect((await call(server.url, 'GET', 'sys/policies/acl/missing', { token: root })).body).toEqual({ errors: [] });

    const invalid = await call(server.url, 'PUT', 'sys/policies/acl/bad', { token: root, body: { policy: 'path "x" {\n capabilities = \n}' } });
    expect(invalid.status).toBe(400);
    expect(errorsOf(invalid)[0]).toMatch(/^failed to parse policy: At 3:1: /);
    expect(errorsOf(await call(server.url, 'DELETE', 'sys/policies/acl/root', { token: root }))).toEqual(['cannot delete "root" policy']);
    expect(errorsOf(await call(server.url, 'DELETE', 'sys/policies/acl/default', { token: root }))).toEqual(['cannot delete "default" policy']);
    expect(errorsOf(await call(server.url, 'PUT', 'sys/policies/acl/root', { token: root, body: { policy: 'path "a" {}' } }))).toEqual(['cannot update "root" policy']);
    expect((await call(server.url, 'DELETE', 'sys/policies/acl/mixed-case', { token: root })).status).toBe(204);
    expect(dataOf(await call(server.url, 'LIST', 'sys/policies/acl', { token: root })).keys).toEqual(['default', 'root']);
  });

  it('creates child tokens only with a subset of the parent\'s policies, and revokes itself', async () => {
    const policy = 'path "a/*" { capabilities = ["read"] }\npath "auth/token/create" { capabilities = ["update"] }';
    await call(server.url, 'PUT', 'sys/policies/acl/a', { token: root, body: { policy } });
    expect((await call(server.url, 'POST', 'auth/token/create', { token: server.createToken([]), body: {} })).status).toBe(403); // default alone cannot
    const parent = server.createToken(['a']);
    const escalate = await call(server.url, 'POST', 'auth/token/create', { token: parent, body: { policies: ['root'] } });
    expect(errorsOf(escalate)).toEqual(['child policies must be subset of parent']);
    const child = await call(server.url, 'POST', 'auth/token/create', { token: parent, body: { policies: ['a'], ttl: '1h', num_uses: 2 } });
    expect(child.body!.auth).toMatchObject({ policies: ['a', 'default'], lease_duration: 3600, renewable: true, num_uses: 2 });
    const childToken = (child.body!.auth as { client_token: string }).client_token;
    const self = await call(server.url, 'GET', 'auth/token/lookup-self', { token: childToken });
    expect(dataOf(self)).toMatchObject({ id: childToken, policies: ['a', 'default'], num_uses: 1, creation_ttl: 3600 });
    expect((await call(server.url, 'GET', 'auth/token/lookup-self', { token: childToken })).status).toBe(200);
    expect((await call(server.url, 'GET', 'auth/token/lookup-self', { token: childToken })).status).toBe(403); // used up

    expect((await call(server.url, 'POST', 'auth/token/revoke-self', { token: parent })).status).toBe(204);
    expect((await call(server.url, 'GET', 'auth/token/lookup-self', { token: parent })).status).toBe(403);
  });
});

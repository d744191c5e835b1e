/**
 * Contract test of the Vault TEST SERVER against Vault's own OpenAPI description
 * (../shared/reference/vault/openapi.json beside the repository, see its SOURCE.md): every route the server serves
 * exists in the spec with that method (LIST as GET with list=true), carries the same sudo /
 * unauthenticated / create-supported flags, accepts only documented body parameters, and — where
 * the spec has a 200 response schema — answers only with fields the spec names.
 */
import { readFileSync } from 'node:fs';
import { startVaultTestServer, vaultRouteTable, type VaultTestServer } from './index';
import { call } from './http-helpers';
import type { JsonObject } from './util';
import { sharedPath } from '../../helpers/shared';

interface Schema {
  $ref?: string;
  properties?: Record<string, unknown>;
}
interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content: { 'application/json': { schema: Schema } } };
  responses: Record<string, { content?: { 'application/json'?: { schema: Schema } } }>;
}
type PathItem = Partial<Record<'get' | 'post' | 'delete' | 'patch', Operation>> & Record<string, unknown>;
interface OpenApi {
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, Schema> };
}

const SPEC_FILE = sharedPath('reference/vault/openapi.json');
const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as OpenApi;
const SPEC_METHOD = { GET: 'get', LIST: 'get', POST: 'post', DELETE: 'delete', PATCH: 'patch' } as const;

function resolve(schema: Schema | undefined): Schema | undefined {
  return schema?.$ref ? spec.components.schemas[schema.$ref.split('/').pop()!] : schema;
}

function operationOf(method: keyof typeof SPEC_METHOD, template: string): Operation | undefined {
  return spec.paths[template]?.[SPEC_METHOD[method]];
}

const listParam = (operation: Operation): boolean => (operation.parameters ?? []).some((p) => p.name === 'list' && p.in === 'query' && p.required);

describe('Vault test server routes against Vault\'s OpenAPI', () => {
  it('serves only paths and methods the spec documents, LIST as GET with list=true', () => {
    expect(vaultRouteTable.length).toBeGreaterThan(60);
    const problems: string[] = [];
    for (const route of vaultRouteTable) {
      const operation = operationOf(route.method, route.template);
      if (!operation) problems.push(`${route.method} ${route.template}: not in the spec`);
      else if (route.method === 'LIST' && !listParam(operation)) problems.push(`LIST ${route.template}: spec GET has no required list parameter`);
      else if (route.method === 'GET' && listParam(operation)) problems.push(`GET ${route.template}: spec GET is a LIST`);
    }
    expect(problems).toEqual([]);
  });

  it('marks the same routes sudo, unauthenticated and create-supported as the spec', () => {
    const problems: string[] = [];
    for (const route of vaultRouteTable) {
      const item = spec.paths[route.template];
      if (!item) continue;
      if (route.sudo !== Boolean(item['x-vault-sudo'])) problems.push(`${route.template}: sudo ${route.sudo}`);
      if (route.unauthenticated !== Boolean(item['x-vault-unauthenticated'])) problems.push(`${route.template}: unauthenticated ${route.unauthenticated}`);
      if (route.createSupported !== Boolean(item['x-vault-createSupported'])) problems.push(`${route.template}: createSupported ${route.createSupported}`);
    }
    expect(problems).toEqual([]);
  });

  it('accepts only body parameters the spec names for the route', () => {
    const problems: string[] = [];
    for (const route of vaultRouteTable.filter((r) => r.accepts !== null)) {
      const schema = resolve(operationOf(route.method, route.template)?.requestBody?.content['application/json'].schema);
      const known = Object.keys(schema?.properties ?? {});
      const unknown = route.accepts!.filter((name) => !known.includes(name));
      if (unknown.length > 0) problems.push(`${route.method} ${route.template}: ${unknown.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('Vault test server answers against Vault\'s OpenAPI response schemas', () => {
  const answers: Array<{ route: string; status: number; body: JsonObject | null }> = [];
  let server: VaultTestServer;
  afterAll(() => server?.close());

  /** Calls every route once with a request that succeeds; each step must answer 2xx. */
  async function walkEveryRoute(): Promise<void> {
    server = await startVaultTestServer({ onResponse: (answer) => answers.push(answer) });
    const url = server.url;
    let token = '';
    const step = async (method: string, path: string, body?: unknown, headers?: Record<string, string>, as?: string | null): Promise<JsonObject> => {
      const answer = await call(url, method, path, { token: as === null ? undefined : (as ?? token), body, headers });
      if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body ?? {};
    };
    const data = (body: JsonObject): JsonObject => body.data as JsonObject;

    await step('GET', 'sys/health', undefined, undefined, null).catch(() => undefined); // 501 before init: not a 2xx
    await step('GET', 'sys/init', undefined, undefined, null);
    const init = await step('POST', 'sys/init', { secret_shares: 1, secret_threshold: 1 }, undefined, null);
    token = String(init.root_token);
    await step('GET', 'sys/seal-status', undefined, undefined, null);
    await step('POST', 'sys/unseal', { key: (init.keys as string[])[0] }, undefined, null);
    await step('GET', 'sys/health', undefined, undefined, null);

    await step('POST', 'sys/policies/acl/p', { policy: 'path "a/*" { capabilities = ["read"] }' });
    await step('LIST', 'sys/policies/acl');
    await step('GET', 'sys/policies/acl/p');
    await step('DELETE', 'sys/policies/acl/p');
    await step('POST', 'sys/policy/q', { rules: 'path "b/*" { capabilities = ["read"] }' });
    await step('GET', 'sys/policy');
    await step('LIST', 'sys/policy');
    await step('GET', 'sys/policy/q');
    await step('DELETE', 'sys/policy/q');

    await step('POST', 'sys/mounts/kv2', { type: 'kv', options: { version: '2' } });
    await step('POST', 'sys/mounts/kv1', { type: 'kv' });
    await step('POST', 'sys/mounts/db', { type: 'database' });
    await step('POST', 'sys/mounts/gone', { type: 'kv' });
    await step('GET', 'sys/mounts');
    await step('GET', 'sys/mounts/kv2');
    await step('GET', 'sys/mounts/kv2/tune');
    await step('POST', 'sys/mounts/kv1/tune', { description: 'v1' });
    await step('DELETE', 'sys/mounts/gone');
    await step('POST', 'sys/auth/approle', { type: 'approle' });
    await step('POST', 'sys/auth/gone', { type: 'approle' });
    await step('GET', 'sys/auth');
    await step('GET', 'sys/auth/approle');
    await step('GET', 'sys/auth/approle/tune');
    await step('POST', 'sys/auth/approle/tune', { default_lease_ttl: '1h' });
    await step('DELETE', 'sys/auth/gone');

    await step('POST', 'auth/approle/role/r', { token_policies: ['p'], secret_id_num_uses: 5 });
    await step('GET', 'auth/approle/role/r');
    await step('LIST', 'auth/approle/role');
    await step('POST', 'auth/approle/role/r/role-id', { role_id: 'the-role-id' });
    await step('GET', 'auth/approle/role/r/role-id');
    const secret = data(await step('POST', 'auth/approle/role/r/secret-id', { metadata: '{"a":"b"}', num_uses: 2 }));
    await step('POST', 'auth/approle/role/r/custom-secret-id', { secret_id: 'custom-one' });
    await step('LIST', 'auth/approle/role/r/secret-id');
    await step('POST', 'auth/approle/role/r/secret-id/lookup', { secret_id: secret.secret_id });
    await step('POST', 'auth/approle/role/r/secret-id-accessor/lookup', { secret_id_accessor: secret.secret_id_accessor });
    const login = await step('POST', 'auth/approle/login', { role_id: 'the-role-id', secret_id: secret.secret_id }, undefined, null);
    await step('GET', 'auth/token/lookup-self', undefined, undefined, (login.auth as JsonObject).client_token as string);
    await step('POST', 'auth/approle/role/r/secret-id/destroy', { secret_id: 'custom-one' });
    await step('DELETE', 'auth/approle/role/r/secret-id/destroy', { secret_id: 'custom-one' });
    const more = data(await step('POST', 'auth/approle/role/r/secret-id', {}));
    await step('POST', 'auth/approle/role/r/secret-id-accessor/destroy', { secret_id_accessor: secret.secret_id_accessor });
    await step('DELETE', 'auth/approle/role/r/secret-id-accessor/destroy', { secret_id_accessor: more.secret_id_accessor });
    await step('DELETE', 'auth/approle/role/r');

    const child = await step('POST', 'auth/token/create', { policies: ['default'], ttl: '1h' });
    const childToken = String((child.auth as JsonObject).client_token);
    await step('POST', 'auth/token/lookup-self', {}); // "default" grants only read on it: root here
    await step('POST', 'auth/token/revoke-self', {}, undefined, childToken);

    await step('POST', 'kv2/config', { max_versions: 5 });
    await step('GET', 'kv2/config');
    await step('POST', 'kv2/data/app/x', { data: { k: 'v' } });
    await step('GET', 'kv2/data/app/x');
    await step('PATCH', 'kv2/data/app/x', { data: { k2: 'v2' } }, { 'Content-Type': 'application/merge-patch+json' });
    await step('DELETE', 'kv2/data/app/x');
    await step('POST', 'kv2/undelete/app/x', { versions: [2] });
    await step('POST', 'kv2/delete/app/x', { versions: [1] });
    await step('POST', 'kv2/destroy/app/x', { versions: [1] });
    await step('POST', 'kv2/metadata/app/x', { custom_metadata: { owner: 'ops' } });
    await step('PATCH', 'kv2/metadata/app/x', { custom_metadata: { team: 'a' } }, { 'Content-Type': 'application/merge-patch+json' });
    await step('GET', 'kv2/metadata/app/x');
    await step('LIST', 'kv2/metadata/app');
    await step('DELETE', 'kv2/metadata/app/x');
    await step('POST', 'kv1/app/x', { k: 'v' });
    await step('GET', 'kv1/app/x');
    await step('LIST', 'kv1/app');
    await step('DELETE', 'kv1/app/x');

    await step('POST', 'db/config/pg', { plugin_name: 'postgresql-database-plugin', connection_url: 'postgresql://{{username}}:{{password}}@h/d', allowed_roles: '*' });
    await step('POST', 'db/config/old', { plugin_name: 'postgresql-database-plugin' });
    await step('GET', 'db/config/pg');
    await step('LIST', 'db/config');
    await step('DELETE', 'db/config/old');
    await step('POST', 'db/static-roles/s', { username: 'u', db_name: 'pg', rotation_period: '1h' });
    await step('GET', 'db/static-roles/s');
    await step('LIST', 'db/static-roles');
    await step('GET', 'db/static-creds/s');
    await step('POST', 'db/rotate-role/s');
    await step('DELETE', 'db/static-roles/s');

    const wrapped = await step('POST', 'sys/wrapping/wrap', { k: 'v' });
    const wrapToken = String((wrapped.wrap_info as JsonObject).token);
    await step('POST', 'sys/wrapping/lookup', { token: wrapToken }, undefined, null);
    await step('GET', `sys/wrapping/lookup?token=${wrapToken}`, undefined, undefined, null);
    await step('POST', 'sys/wrapping/unwrap', undefined, undefined, wrapToken);
    await step('POST', 'sys/seal');
  }

  it('answers every route with only the response fields the spec names', async () => {
    await walkEveryRoute();
    const answered = new Set(answers.filter((a) => a.status < 300).map((a) => a.route));
    const missing = vaultRouteTable.map((r) => `${r.method} ${r.template}`).filter((key) => !answered.has(key));
    expect(missing).toEqual([]);

    const problems: string[] = [];
    let checked = 0;
    for (const answer of answers.filter((a) => a.status === 200 && a.body)) {
      const [method, template] = answer.route.split(' ') as [keyof typeof SPEC_METHOD, string];
      const schema = resolve(operationOf(method, template)?.responses['200']?.content?.['application/json']?.schema);
      if (!schema?.properties) continue;
      const logical = 'request_id' in answer.body!;
      const fields = Object.keys(logical ? ((answer.body!.data as JsonObject | null) ?? {}) : answer.body!);
      const unknown = fields.filter((name) => !(name in schema.properties!));
      if (unknown.length > 0) problems.push(`${answer.route}: ${unknown.join(', ')}`);
      checked += 1;
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});

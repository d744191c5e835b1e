/**
 * Tests of the Vault TEST SERVER's database secrets engine (connections, static roles,
 * static-creds, rotate-role and the onRotate hook) — the server, not Vault.
 */
import { startVaultTestServer, type VaultTestServer } from './index';
import { call, dataOf, errorsOf } from './http-helpers';

describe('database secrets engine on the Vault test server', () => {
  let server: VaultTestServer;
  let root: string;
  const rotations: Array<[string, string]> = [];
  let refuse = false;

  beforeEach(async () => {
    rotations.length = 0;
    refuse = false;
    server = await startVaultTestServer({
      onRotate: async (username, password) => {
        if (refuse) throw new Error('pq: password authentication failed');
        rotations.push([username, password]);
      },
    });
    const init = server.initialize({ shares: 1, threshold: 1 });
    server.unsealWith(init.keys);
    root = init.rootToken;
    await call(server.url, 'POST', 'sys/mounts/database', { token: root, body: { type: 'database' } });
    await call(server.url, 'POST', 'database/config/pg', {
      token: root,
      body: { plugin_name: 'postgresql-database-plugin', connection_url: 'postgresql://{{username}}:{{password}}@db:5432/app', username: 'vault', password: 'root-secret', allowed_roles: ['app', 'job'] },
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await server.close();
  });

  const db = (method: string, path: string, body?: unknown) => call(server.url, method, `database/${path}`, { token: root, body });

  it('stores a connection and reads it back without the password', async () => {
    const config = dataOf(await db('GET', 'config/pg'));
    expect(config).toMatchObject({ plugin_name: 'postgresql-database-plugin', allowed_roles: ['app', 'job'], verify_connection: true });
    expect(config.connection_details).toEqual({ connection_url: 'postgresql://{{username}}:{{password}}@db:5432/app', username: 'vault' });
    expect(JSON.stringify(config)).not.toContain('root-secret');
    expect(dataOf(await db('LIST', 'config')).keys).toEqual(['pg']);
    const embedded = await db('POST', 'config/raw', { plugin_name: 'postgresql-database-plugin', connection_url: 'postgresql://u:p@db/app' });
    expect(embedded.status).toBe(200);
    expect(embedded.body!.warnings).toEqual([expect.stringContaining('Password found in connection_url')]);
    expect(errorsOf(await db('POST', 'config/none', { connection_url: 'x' }))).toEqual(['empty plugin name']);
  });

  it('creates a static role with a fresh password handed to onRotate, and serves it as static-creds', async () => {
    expect((await db('POST', 'static-roles/app', { username: 'app_user', db_name: 'pg', rotation_period: '24h', rotation_statements: ['ALTER USER "{{name}}" WITH PASSWORD \'{{password}}\';'] })).status).toBe(204);
    expect(rotations).toHaveLength(1);
    const [username, password] = rotations[0];
    expect(username).toBe('app_user');
    expect(password).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])(?=.*-)[A-Za-z0-9-]{20}$/);
    const creds = dataOf(await db('GET', 'static-creds/app'));
    expect(creds).toMatchObject({ username: 'app_user', password, rotation_period: 86400 });
    expect(creds.ttl).toBeGreaterThan(86390);
    expect(Date.parse(String(creds.last_vault_rotation))).toBeGreaterThan(Date.now() - 60_000);
    const role = dataOf(await db('GET', 'static-roles/app'));
    expect(role).toMatchObject({ username: 'app_user', db_name: 'pg', rotation_period: 86400, credential_type: 'password' });
    expect(role).not.toHaveProperty('password');
    expect(dataOf(await db('LIST', 'static-roles')).keys).toEqual(['app']);
  });

  it('rotates on rotate-role and when the rotation period has passed', async () => {
    await db('POST', 'static-roles/app', { username: 'app_user', db_name: 'pg', rotation_period: 3600 });
    const first = String(dataOf(await db('GET', 'static-creds/app')).password);
    expect((await db('POST', 'rotate-role/app')).status).toBe(204);
    const second = String(dataOf(await db('GET', 'static-creds/app')).password);
    expect(second).not.toBe(first);
    expect(rotations.map(([, password]) => password)).toEqual([first, second]);
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 3601_000);
    const third = dataOf(await db('GET', 'static-creds/app'));
    expect(third.password).not.toBe(second);
    expect(third.ttl).toBe(3600);
    expect(rotations).toHaveLength(3);
  });

  it('keeps the old password when the database refuses the new one', async () => {
    await db('POST', 'static-roles/app', { username: 'app_user', db_name: 'pg', rotation_period: 3600 });
    const before = dataOf(await db('GET', 'static-creds/app')).password;
    refuse = true;
    const failed = await db('POST', 'rotate-role/app');
    expect(failed.status).toBe(500);
    expect(errorsOf(failed)).toEqual(['error setting credentials: pq: password authentication failed']);
    expect(dataOf(await db('GET', 'static-creds/app')).password).toBe(before);
  });

  it('validates static roles as Vault does', async () => {
    expect(errorsOf(await db('POST', 'static-roles/app', { db_name: 'pg', rotation_period: 60 }))).toEqual(['username is a required field to create a static account']);
    expect(errorsOf(await db('POST', 'static-roles/other', { username: 'u', db_name: 'pg', rotation_period: 60 }))).toEqual(['"other" is not an allowed role']);
    expect(errorsOf(await db('POST', 'static-roles/app', { username: 'u', db_name: 'pg' }))).toEqual(['one of rotation_schedule or rotation_period must be provided to create a static account']);
    expect(errorsOf(await db('POST', 'static-roles/app', { username: 'u', db_name: 'pg', rotation_period: 2 }))).toEqual(['rotation_period must be 5 seconds or more']);
    expect(errorsOf(await db('POST', 'static-roles/app', { username: 'u', db_name: 'pg', rotation_period: 60, rotation_schedule: '0 * * * *' }))[0]).toContain('mutually exclusive');
    expect((await db('POST', 'static-roles/job', { username: 'j', db_name: 'pg', rotation_schedule: '0 0 * * SAT', rotation_window: '1h' })).status).toBe(204);
    expect(dataOf(await db('GET', 'static-creds/job'))).toMatchObject({ rotation_schedule: '0 0 * * SAT', rotation_window: 3600 });
    expect(errorsOf(await db('POST', 'static-roles/job', { username: 'renamed' }))).toEqual(['cannot update static account username']);
    expect(errorsOf(await db('GET', 'static-creds/nosuch'))).toEqual(['unknown role: nosuch']);
  });
});

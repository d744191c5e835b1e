/**
 * TEST SERVER for hardline's tests, not Vault: the database secrets engine of the Vault test
 * server — connection configs (read back without the password), static roles, static-creds and
 * rotate-role. A static role's password is set when the role is created (unless
 * skip_import_rotation), on rotate-role, and when its rotation_period has elapsed (checked when
 * the role or its credentials are read). Each rotation calls `options.onRotate(username,
 * password)`, so a test can apply it to a real database; if the hook throws, the rotation fails
 * as it would in Vault when the database refuses the change.
 *
 * Not modelled: contacting the database (verify_connection is accepted and ignored), dynamic
 * roles and creds, rotate-root, cron evaluation of rotation_schedule (accepted and reported, but
 * only rotate-role rotates such a role), password policies (the default generator is used).
 */
import { randomInt } from 'node:crypto';
import type { RouteContext, RouteSpec, VaultResult } from './router';
import type { DbConnection, DbMountState, DbStaticRole } from './types';
import { badRequest, field, isoTime, VaultHttpError, type JsonObject } from './util';

const CONFIG_FIELDS = ['plugin_name', 'plugin_version', 'verify_connection', 'allowed_roles', 'root_rotation_statements', 'password_policy'];
const SECRET_DETAILS = ['password', 'private_key', 'tls_certificate_key'];
const STATIC_ROLE_FIELDS = ['username', 'db_name', 'rotation_period', 'rotation_schedule', 'rotation_window', 'rotation_statements', 'credential_type', 'password', 'self_managed_password', 'skip_import_rotation'];

function dbState(ctx: RouteContext): DbMountState {
  const state = ctx.core.data.database[ctx.mountPath];
  if (!state) throw new VaultHttpError(500, [`no database storage for ${ctx.mountPath}`]);
  return state;
}

/** Vault's default generator: 20 characters of [A-Za-z0-9-], at least one of each class. */
export function generatePassword(): string {
  const classes = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789', '-'];
  const all = classes.join('');
  const chars = classes.map((set) => set[randomInt(set.length)]);
  while (chars.length < 20) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

const list = (keys: string[]): VaultResult => (keys.length === 0 ? { kind: 'logical', status: 404 } : { kind: 'logical', data: { keys: keys.sort() } });

function writeConfig(ctx: RouteContext): VaultResult {
  const state = dbState(ctx);
  const name = ctx.params.name;
  const existing = state.connections[name];
  const body = ctx.body;
  const pluginName = field.string(body, 'plugin_name') ?? existing?.pluginName ?? '';
  if (pluginName === '') throw badRequest('empty plugin name');
  const details: JsonObject = { ...(existing?.connectionDetails ?? {}) };
  for (const [key, value] of Object.entries(body)) if (!CONFIG_FIELDS.includes(key)) details[key] = value;
  const connection: DbConnection = {
    pluginName,
    pluginVersion: field.string(body, 'plugin_version') ?? existing?.pluginVersion ?? '',
    connectionDetails: details,
    allowedRoles: field.list(body, 'allowed_roles') ?? existing?.allowedRoles ?? [],
    passwordPolicy: field.string(body, 'password_policy') ?? existing?.passwordPolicy ?? '',
    rootRotationStatements: field.list(body, 'root_rotation_statements') ?? existing?.rootRotationStatements ?? [],
    verifyConnection: field.bool(body, 'verify_connection') ?? true,
  };
  state.connections[name] = connection;
  ctx.core.touch();
  const url = typeof details.connection_url === 'string' ? details.connection_url : '';
  if (/:\/\/[^/@{}]+:[^/@{}]+@/.test(url)) {
    return { kind: 'logical', warnings: ['Password found in connection_url, use a templated url to enable root rotation and prevent read access to password information.'] };
  }
  return { kind: 'logical' };
}

function readConfig(ctx: RouteContext): VaultResult {
  const connection = dbState(ctx).connections[ctx.params.name];
  if (!connection) return { kind: 'logical', status: 404 };
  const details = Object.fromEntries(Object.entries(connection.connectionDetails).filter(([key]) => !SECRET_DETAILS.includes(key)));
  return {
    kind: 'logical',
    data: {
      allowed_roles: connection.allowedRoles,
      connection_details: details,
      password_policy: connection.passwordPolicy,
      plugin_name: connection.pluginName,
      plugin_version: connection.pluginVersion,
      root_credentials_rotate_statements: connection.rootRotationStatements,
      verify_connection: connection.verifyConnection,
    },
  };
}

function deleteConfig(ctx: RouteContext): VaultResult {
  const state = dbState(ctx);
  if (state.connections[ctx.params.name]) {
    delete state.connections[ctx.params.name];
    ctx.core.touch();
  }
  return { kind: 'logical' };
}

async function rotate(ctx: RouteContext, role: DbStaticRole): Promise<void> {
  const password = generatePassword();
  try {
    await ctx.options.onRotate?.(role.username, password);
  } catch (error) {
    throw new VaultHttpError(500, [`error setting credentials: ${(error as Error).message}`]);
  }
  role.password = password;
  role.lastRotation = Date.now();
  ctx.core.touch();
}

/** Rotates a period-based role whose period has elapsed, as Vault's rotation queue would have. */
async function rotateIfDue(ctx: RouteContext, role: DbStaticRole): Promise<void> {
  if (role.rotationPeriod > 0 && Date.now() >= role.lastRotation + role.rotationPeriod * 1000) await rotate(ctx, role);
}

async function writeStaticRole(ctx: RouteContext): Promise<VaultResult> {
  const state = dbState(ctx);
  const name = ctx.params.name;
  const existing = state.staticRoles[name];
  const body = ctx.body;
  const username = field.string(body, 'username');
  if (!existing && !username) throw badRequest('username is a required field to create a static account');
  if (existing && username !== undefined && username !== existing.username) throw badRequest('cannot update static account username');
  const dbName = field.string(body, 'db_name') ?? existing?.dbName ?? '';
  if (dbName === '') throw badRequest('database name is required');
  const connection = state.connections[dbName];
  if (!connection) throw new VaultHttpError(500, [`failed to find entry for connection with name: ${JSON.stringify(dbName)}`]);
  if (!connection.allowedRoles.some((allowed) => allowed === '*' || allowed === name)) throw badRequest(`${JSON.stringify(name)} is not an allowed role`);

  const period = field.duration(body, 'rotation_period');
  const schedule = field.string(body, 'rotation_schedule');
  if (period !== undefined && schedule !== undefined && schedule !== '') {
    throw badRequest('mutually exclusive fields rotation_period and rotation_schedule were both specified; only one of them can be provided');
  }
  const role: DbStaticRole = existing
    ? { ...existing }
    : { username: username!, dbName, rotationPeriod: 0, rotationSchedule: '', rotationWindow: 0, rotationStatements: [], credentialType: 'password', password: '', lastRotation: 0 };
  role.dbName = dbName;
  if (period !== undefined) {
    role.rotationPeriod = period;
    role.rotationSchedule = '';
  }
  if (schedule) {
    role.rotationSchedule = schedule;
    role.rotationPeriod = 0;
  }
  if (role.rotationPeriod === 0 && role.rotationSchedule === '') {
    throw badRequest('one of rotation_schedule or rotation_period must be provided to create a static account');
  }
  if (role.rotationPeriod > 0 && role.rotationPeriod < 5) throw badRequest('rotation_period must be 5 seconds or more');
  if (role.rotationSchedule !== '' && role.rotationSchedule.trim().split(/\s+/).length !== 5) throw badRequest('could not parse rotation_schedule');
  role.rotationWindow = field.duration(body, 'rotation_window') ?? role.rotationWindow;
  role.rotationStatements = field.list(body, 'rotation_statements') ?? role.rotationStatements;
  role.credentialType = field.string(body, 'credential_type') ?? role.credentialType;

  if (!existing && !(field.bool(body, 'skip_import_rotation') ?? false)) await rotate(ctx, role);
  state.staticRoles[name] = role;
  ctx.core.touch();
  return { kind: 'logical' };
}

function schedulingFields(role: DbStaticRole): JsonObject {
  return role.rotationSchedule !== ''
    ? { rotation_schedule: role.rotationSchedule, rotation_window: role.rotationWindow }
    : { rotation_period: role.rotationPeriod };
}

async function readStaticRole(ctx: RouteContext): Promise<VaultResult> {
  const role = dbState(ctx).staticRoles[ctx.params.name];
  if (!role) return { kind: 'logical', status: 404 };
  await rotateIfDue(ctx, role);
  const data: JsonObject = { credential_type: role.credentialType, db_name: role.dbName, rotation_statements: role.rotationStatements, username: role.username, ...schedulingFields(role) };
  if (role.lastRotation > 0) data.last_vault_rotation = isoTime(role.lastRotation);
  return { kind: 'logical', data };
}

function deleteStaticRole(ctx: RouteContext): VaultResult {
  const state = dbState(ctx);
  if (state.staticRoles[ctx.params.name]) {
    delete state.staticRoles[ctx.params.name];
    ctx.core.touch();
  }
  return { kind: 'logical' };
}

async function readStaticCreds(ctx: RouteContext): Promise<VaultResult> {
  const role = dbState(ctx).staticRoles[ctx.params.name];
  if (!role) throw badRequest(`unknown role: ${ctx.params.name}`);
  await rotateIfDue(ctx, role);
  const ttl = role.rotationPeriod > 0 ? Math.max(0, Math.floor((role.lastRotation + role.rotationPeriod * 1000 - Date.now()) / 1000)) : 0;
  return {
    kind: 'logical',
    data: { last_vault_rotation: isoTime(role.lastRotation), password: role.password, ttl, username: role.username, ...schedulingFields(role) },
  };
}

async function rotateRole(ctx: RouteContext): Promise<VaultResult> {
  const role = dbState(ctx).staticRoles[ctx.params.name];
  if (!role) throw badRequest('no static role found for role name');
  await rotate(ctx, role);
  return { kind: 'logical' };
}

export const databaseRoutes: RouteSpec[] = [
  { mount: 'database', pattern: 'config/', handlers: { LIST: (ctx) => list(Object.keys(dbState(ctx).connections)) } },
  { mount: 'database', pattern: 'config/{name}', exists: (ctx) => dbState(ctx).connections[ctx.params.name] !== undefined, handlers: { GET: readConfig, POST: writeConfig, DELETE: deleteConfig } },
  { mount: 'database', pattern: 'static-roles/', handlers: { LIST: (ctx) => list(Object.keys(dbState(ctx).staticRoles)) } },
  {
    mount: 'database',
    pattern: 'static-roles/{name}',
    exists: (ctx) => dbState(ctx).staticRoles[ctx.params.name] !== undefined,
    accepts: STATIC_ROLE_FIELDS,
    handlers: { GET: readStaticRole, POST: writeStaticRole, DELETE: deleteStaticRole },
  },
  { mount: 'database', pattern: 'static-creds/{name}', handlers: { GET: readStaticCreds } },
  { mount: 'database', pattern: 'rotate-role/{name}', handlers: { POST: rotateRole } },
];

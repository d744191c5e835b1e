/**
 * TEST SERVER for hardline's tests — NOT the real GitLab API.
 *
 * Project- and group-level CI/CD variables API (`/api/v4/projects/:id/variables`,
 * `/api/v4/groups/:id/variables`): list (paginated), get / create / update / delete by key with
 * `filter[environment_scope]`, GitLab's masking rules, `masked_and_hidden` and 409 on ambiguous keys.
 * Project variables need Maintainer, group variables Owner.
 */
import { accessTo, authenticateUser, canWrite, forbidden, insufficientScope, isReply, message, notFound, type Caller } from './auth';
import type { Handler, JsonObject, Reply, RequestContext, Router } from '../shared/http';
import { paginate } from './paginate';
import { bool, filterScope, readParams, requireParams, str, type Params } from './params';
import type { GitLabState, Owner, OwnerKind } from './state';
import type { GitLabTokenGrant, GitLabVariable } from './types';
import { validateVariable } from './variable-rules';

export interface GitLabContext {
  state: GitLabState;
  tokens: Record<string, GitLabTokenGrant>;
  baseUrl(): string;
}

const REQUIRED_LEVEL: Record<OwnerKind, number> = { project: 40, group: 50 };
const TYPES = ['env_var', 'file'] as const;

export function variableJson(v: GitLabVariable): JsonObject {
  return {
    variable_type: v.variable_type,
    key: v.key,
    value: v.hidden ? null : v.value,
    hidden: v.hidden,
    protected: v.protected,
    masked: v.masked,
    raw: v.raw,
    environment_scope: v.environment_scope,
    description: v.description,
  };
}

/** Resolves caller, owner and params, enforcing token scope, visibility and role, in GitLab's order. */
export function ownerRoute(
  app: GitLabContext,
  kind: OwnerKind,
  opts: { write: boolean; level: number },
  fn: (ctx: RequestContext, owner: Owner, params: Params, caller: Caller) => Reply,
): Handler {
  return async (ctx) => {
    const caller = authenticateUser(ctx, app.tokens);
    if (isReply(caller)) return caller;
    if (opts.write && !canWrite(caller)) return insufficientScope();
    const owner = app.state.owner(kind, ctx.params.id ?? '');
    const level = owner ? accessTo(caller.grant, owner) : 0;
    if (!owner || level === 0) return notFound(kind === 'project' ? 'Project' : 'Group');
    if (level < opts.level) return forbidden();
    const read = await readParams(ctx);
    if ('error' in read) return read.error;
    return fn(ctx, owner, read.params, caller);
  };
}

/** GitLab's find_variable: by key, narrowed by filter[environment_scope]; several matches are a 409. */
function findVariable(list: GitLabVariable[], key: string, params: Params): GitLabVariable | Reply {
  const scope = filterScope(params);
  const matches = list.filter((v) => v.key === key && (scope === undefined || v.environment_scope === scope));
  if (matches.length === 0) return notFound('Variable');
  if (matches.length > 1) {
    return message(409, "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'");
  }
  return matches[0]!;
}

/** Applies optional attributes shared by create and update; returns a Grape-style 400 on a bad one. */
function applyAttributes(v: GitLabVariable, params: Params): Reply | undefined {
  for (const flag of ['protected', 'masked', 'raw'] as const) {
    const b = bool(params, flag);
    if (typeof b === 'object') return b;
    if (b !== undefined) v[flag] = b;
  }
  const type = str(params, 'variable_type');
  if (type !== undefined) {
    if (!TYPES.includes(type as GitLabVariable['variable_type'])) {
      return { status: 400, body: { error: 'variable_type does not have a valid value' } };
    }
    v.variable_type = type as GitLabVariable['variable_type'];
  }
  const value = str(params, 'value');
  if (value !== undefined) v.value = value;
  const scope = str(params, 'environment_scope');
  if (scope !== undefined) v.environment_scope = scope;
  const description = str(params, 'description');
  if (description !== undefined) v.description = description;
  return undefined;
}

function invalid(errors: Record<string, string[]>): Reply {
  return { status: 400, body: { message: errors } };
}

export function addVariableRoutes(router: Router, app: GitLabContext): void {
  for (const kind of ['project', 'group'] as const) {
    const base = `/api/v4/${kind}s/:id/variables`;
    const level = REQUIRED_LEVEL[kind];

    router.add(
      'GET',
      base,
      ownerRoute(app, kind, { write: false, level }, (ctx, owner) => {
        const page = paginate(ctx, app.baseUrl(), app.state.variablesOf(owner));
        return { status: 200, headers: page.headers, body: page.items.map(variableJson) };
      }),
    );

    router.add(
      'GET',
      `${base}/:key`,
      ownerRoute(app, kind, { write: false, level }, (ctx, owner, params) => {
        const found = findVariable(app.state.variablesOf(owner), ctx.params.key ?? '', params);
        return isReply(found) ? found : { status: 200, body: variableJson(found) };
      }),
    );

    router.add(
      'POST',
      base,
      ownerRoute(app, kind, { write: true, level }, (_ctx, owner, params) => {
        const missing = requireParams(params, ['key', 'value']);
        if (missing) return missing;
        const hidden = bool(params, 'masked_and_hidden');
        if (typeof hidden === 'object') return hidden;
        const v: GitLabVariable = {
          key: str(params, 'key') ?? '',
          value: '',
          variable_type: 'env_var',
          protected: false,
          masked: false,
          hidden: false,
          raw: false,
          environment_scope: '*',
          description: null,
        };
        const bad = applyAttributes(v, params);
        if (bad) return bad;
        if (hidden) {
          v.masked = true;
          v.hidden = true;
        }
        const list = app.state.variablesOf(owner);
        const errors = validateVariable(v, list);
        if (errors) return invalid(errors);
        list.push(v);
        return { status: 201, body: variableJson(v) };
      }),
    );

    router.add(
      'PUT',
      `${base}/:key`,
      ownerRoute(app, kind, { write: true, level }, (ctx, owner, params) => {
        const list = app.state.variablesOf(owner);
        const found = findVariable(list, ctx.params.key ?? '', params);
        if (isReply(found)) return found;
        const next: GitLabVariable = { ...found };
        const bad = applyAttributes(next, params);
        if (bad) return bad;
        if (found.hidden && !next.masked) {
          return invalid({ base: ['The masked attribute cannot be changed for hidden variables'] });
        }
        const errors = validateVariable(next, list.filter((v) => v !== found));
        if (errors) return invalid(errors);
        Object.assign(found, next);
        return { status: 200, body: variableJson(found) };
      }),
    );

    router.add(
      'DELETE',
      `${base}/:key`,
      ownerRoute(app, kind, { write: true, level }, (ctx, owner, params) => {
        const list = app.state.variablesOf(owner);
        const found = findVariable(list, ctx.params.key ?? '', params);
        if (isReply(found)) return found;
        list.splice(list.indexOf(found), 1);
        return { status: 204 };
      }),
    );
  }
}

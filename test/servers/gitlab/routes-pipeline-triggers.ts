/**
 * TEST SERVER for hardline's tests — NOT the real GitLab API.
 *
 * Pipeline triggers: `POST /api/v4/projects/:id/trigger/pipeline` (and `/ref/:ref/trigger/pipeline`)
 * with `token` (a project trigger token, or a CI job token of Developer+), `ref` and `variables[KEY]`.
 * Answers 201 with a pipeline and records it; an unknown token is a 404, as on GitLab.
 */
import { accessTo, notFound } from './auth';
import type { Handler, JsonObject, JsonValue, Router } from '../shared/http';
import { readParams, requireParams, str } from './params';
import type { GitLabContext } from './routes-variables';
import type { GitLabProjectConfig, PipelineTriggerRecord } from './types';

function pipelineJson(app: GitLabContext, p: PipelineTriggerRecord, path: string): JsonObject {
  const at = p.at.toISOString();
  return {
    id: p.id,
    iid: p.id - 9000,
    project_id: p.projectId,
    sha: 'a91957a858320c0e17f3a0eca7cfacbff50ea29a',
    ref: p.ref,
    status: 'created',
    source: p.source,
    created_at: at,
    updated_at: at,
    web_url: `${app.baseUrl()}/${path}/-/pipelines/${p.id}`,
    before_sha: '0000000000000000000000000000000000000000',
    tag: false,
    yaml_errors: null,
    user: null,
    started_at: null,
    finished_at: null,
    committed_at: null,
    duration: null,
    queued_duration: null,
    coverage: null,
  };
}

function trigger(app: GitLabContext): Handler {
  return async (ctx) => {
    const read = await readParams(ctx);
    if ('error' in read) return read.error;
    const params = read.params;
    if (ctx.params.ref !== undefined) params.ref = ctx.params.ref;
    const missing = requireParams(params, ['ref', 'token']);
    if (missing) return missing;

    const rawVariables: JsonValue = params.variables ?? {};
    if (
      typeof rawVariables !== 'object' ||
      rawVariables === null ||
      Array.isArray(rawVariables) ||
      !Object.values(rawVariables).every((v) => typeof v === 'string')
    ) {
      return { status: 400, body: { message: 'variables needs to be a map of key-valued strings' } };
    }

    const project = app.state.owner('project', ctx.params.id ?? '');
    if (!project) return notFound();
    const token = str(params, 'token') ?? '';
    const job = app.tokens[token];
    let source: PipelineTriggerRecord['source'];
    if ((project.config as GitLabProjectConfig).triggerTokens?.includes(token)) source = 'trigger';
    else if (job?.kind === 'job' && accessTo(job, project) >= 30) source = 'pipeline';
    else return notFound();

    const pipeline = app.state.addPipeline({
      projectId: project.id,
      ref: str(params, 'ref') ?? '',
      variables: rawVariables as Record<string, string>,
      source,
    });
    return { status: 201, body: pipelineJson(app, pipeline, project.path) };
  };
}

export function addPipelineTriggerRoutes(router: Router, app: GitLabContext): void {
  router.add('POST', '/api/v4/projects/:id/trigger/pipeline', trigger(app));
  router.add('POST', '/api/v4/projects/:id/ref/:ref/trigger/pipeline', trigger(app));
}

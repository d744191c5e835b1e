/**
 * After an entry rotated: start the deploy that picks the new value up — a GitHub `workflow_dispatch`
 * (Octokit, POST /repos/{owner}/{repo}/actions/workflows/{id}/dispatches) or a GitLab pipeline
 * trigger (POST /projects/:id/trigger/pipeline with a pipeline trigger token). Both through core's HttpClient.
 */
import { getOctokit } from '@actions/github';
import { ConfigurationError, HttpClient, OperationalError, mask, safeUrl } from '@hardline/core';
import type { TriggerSpec } from './plan';

export interface TriggerCredentials {
  githubToken?: string;
  githubApiUrl?: string;
  gitlabTriggerToken?: string;
  gitlabApiUrl?: string;
}

export async function runTriggers(spec: TriggerSpec, creds: TriggerCredentials, entry: string, http: HttpClient): Promise<string[]> {
  const done: string[] = [];
  if (spec.githubWorkflow) {
    const w = spec.githubWorkflow;
    if (!creds.githubToken) throw new ConfigurationError(`${entry}: trigger.github-workflow needs github-token (with actions: write on ${w.repository})`);
    const [owner, repo] = w.repository.split('/') as [string, string];
    const octokit = getOctokit(mask(creds.githubToken), {
      baseUrl: (creds.githubApiUrl || 'https://api.github.com').replace(/\/+$/, ''),
      request: { fetch: http.fetch },
    });
    try {
      await octokit.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: w.workflow, ref: w.ref, inputs: w.inputs });
    } catch (err) {
      const status = (err as { status?: number }).status;
      throw new OperationalError(
        `${entry}: workflow_dispatch of ${w.workflow} in ${w.repository} failed (HTTP ${status ?? 'error'})`,
        [`POST /repos/${w.repository}/actions/workflows/${w.workflow}/dispatches`],
        status === 403 || status === 404 ? 'the token needs actions: write on the repository, and the workflow must declare on: workflow_dispatch' : undefined,
      );
    }
    done.push(`workflow_dispatch ${w.repository}/${w.workflow}@${w.ref}`);
  }
  if (spec.gitlabPipeline) {
    const p = spec.gitlabPipeline;
    if (!creds.gitlabTriggerToken) throw new ConfigurationError(`${entry}: trigger.gitlab-pipeline needs gitlab-trigger-token (a pipeline trigger token of ${p.project}, or CI_JOB_TOKEN)`);
    const api = (creds.gitlabApiUrl || 'https://gitlab.com/api/v4').replace(/\/+$/, '');
    const url = `${api}/projects/${encodeURIComponent(p.project)}/trigger/pipeline`;
    const res = await http.request({ method: 'POST', url, body: { token: mask(creds.gitlabTriggerToken), ref: p.ref, variables: p.variables }, idempotent: false });
    if (res.status !== 201 && res.status !== 200) {
      throw new OperationalError(`${entry}: pipeline trigger of ${p.project}@${p.ref} failed (HTTP ${res.status})`, [`POST ${safeUrl(url)} → HTTP ${res.status}`], res.status === 404 ? 'check the project path and the trigger token (GitLab answers 404 for an unknown token)' : undefined);
    }
    done.push(`pipeline trigger ${p.project}@${p.ref}`);
  }
  return done;
}

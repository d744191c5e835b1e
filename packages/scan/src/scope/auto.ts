/**
 * `--scope auto`: the GitHub event (GITHUB_EVENT_PATH), GitLab's merge request / push variables,
 * or, on a developer machine, the whole history of the repository (a directory when not in git).
 */
import * as fs from 'node:fs';
import { ConfigurationError } from '@hardline/core';
import type { ScopeRequest } from './types';

interface GitHubEvent {
  pull_request?: { base?: { sha?: string }; head?: { sha?: string } };
  merge_group?: { base_sha?: string; head_sha?: string };
  before?: string;
  after?: string;
  ref?: string;
}

export function detectScope(env: NodeJS.ProcessEnv, inGit: boolean): ScopeRequest {
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_EVENT_PATH) return fromGitHub(env);
  if (env.GITLAB_CI === 'true') return fromGitLab(env);
  return inGit ? { scope: 'history', reason: 'not in CI: the whole history' } : { scope: 'dir', base: '.', reason: 'not a git repository: the directory' };
}

function readEvent(file: string): GitHubEvent {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigurationError(`cannot read the GitHub event: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { file }, 'GITHUB_EVENT_PATH must name the event JSON (set by the runner)');
  }
  try {
    return JSON.parse(text) as GitHubEvent;
  } catch {
    throw new ConfigurationError('the GitHub event is not valid JSON', { file, line: 1 });
  }
}

function fromGitHub(env: NodeJS.ProcessEnv): ScopeRequest {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const event = readEvent(env.GITHUB_EVENT_PATH as string);
  if (event.pull_request?.base?.sha && event.pull_request.head?.sha) {
    return { scope: 'pr', base: event.pull_request.base.sha, head: event.pull_request.head.sha, reason: `GitHub ${name || 'pull_request'} event` };
  }
  if (event.merge_group?.base_sha && event.merge_group.head_sha) {
    return { scope: 'pr', base: event.merge_group.base_sha, head: event.merge_group.head_sha, reason: 'GitHub merge_group event' };
  }
  if (name === 'push' && event.after) {
    const branch = env.GITHUB_REF_NAME || (event.ref ?? '').replace(/^refs\/heads\//, '');
    return { scope: 'push', base: event.before, head: event.after, branch, reason: 'GitHub push event' };
  }
  return { scope: 'history', reason: `GitHub ${name || 'unknown'} event: the whole history` };
}

function fromGitLab(env: NodeJS.ProcessEnv): ScopeRequest {
  if (env.CI_MERGE_REQUEST_DIFF_BASE_SHA) {
    return {
      scope: 'pr',
      base: env.CI_MERGE_REQUEST_DIFF_BASE_SHA,
      head: env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA || env.CI_COMMIT_SHA || 'HEAD',
      reason: 'GitLab merge request pipeline',
    };
  }
  if (env.CI_COMMIT_BEFORE_SHA && env.CI_COMMIT_SHA && env.CI_COMMIT_BRANCH) {
    return { scope: 'push', base: env.CI_COMMIT_BEFORE_SHA, head: env.CI_COMMIT_SHA, branch: env.CI_COMMIT_BRANCH, reason: 'GitLab branch pipeline' };
  }
  return { scope: 'history', reason: 'GitLab pipeline without a push range: the whole history' };
}

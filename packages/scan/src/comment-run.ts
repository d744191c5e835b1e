/** Decides where the optional comment goes (GitHub pull request or GitLab merge request) and writes it. */
import * as fs from 'node:fs';
import { redact, type CommandContext, type Finding, type InputSpecs } from '@hardline/core';
import { commentBody, upsertGitHubComment, upsertGitLabNote } from './comment';

interface CommentInputs extends InputSpecs {
  'github-token': { kind: 'secret'; description: string };
  'gitlab-token': { kind: 'secret'; description: string };
}

interface PullRequestEvent {
  pull_request?: { number?: number; head?: { repo?: { full_name?: string; fork?: boolean } | null }; base?: { repo?: { full_name?: string } } };
}

export async function comment<T extends CommentInputs>(ctx: CommandContext<T>, findings: readonly Finding[], commits: number): Promise<void> {
  const { env, platform } = ctx;
  const inputs = ctx.inputs as Record<string, unknown>;
  const body = redact(commentBody(findings, commits));
  const log = (m: string) => platform.info(m);
  if (platform.kind === 'github' && env.GITHUB_EVENT_PATH && env.GITHUB_REPOSITORY) {
    let event: PullRequestEvent;
    try {
      event = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as PullRequestEvent;
    } catch {
      return;
    }
    const pr = event.pull_request;
    if (!pr?.number) return;
    const token = inputs['github-token'] as string | undefined;
    const headRepo = pr.head?.repo;
    const fork = !!headRepo && (headRepo.fork === true || headRepo.full_name !== pr.base?.repo?.full_name);
    if (!token && !fork) return log('no pull request comment: no github-token');
    const [owner, repo] = env.GITHUB_REPOSITORY.split('/');
    const outcome = await upsertGitHubComment({ token: token ?? '', owner, repo, issueNumber: pr.number, apiUrl: env.GITHUB_API_URL, fork }, body, log, findings.length > 0);
    platform.info(`pull request comment: ${outcome}`);
    return;
  }
  if (platform.kind === 'gitlab' && env.CI_MERGE_REQUEST_IID && env.CI_PROJECT_ID) {
    const token = inputs['gitlab-token'] as string | undefined;
    if (!token) return log('no merge request note: set HARDLINE_GITLAB_TOKEN (api scope) to enable it');
    const host = env.CI_SERVER_URL ?? `https://${env.CI_SERVER_FQDN ?? 'gitlab.com'}`;
    const outcome = await upsertGitLabNote({ token, host, projectId: env.CI_PROJECT_ID, mrIid: Number(env.CI_MERGE_REQUEST_IID) }, body, log, findings.length > 0);
    platform.info(`merge request note: ${outcome}`);
  }
}

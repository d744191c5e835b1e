/**
 * The optional pull request comment (GitHub, through Octokit) or merge request note (GitLab, through
 * @gitbeaker/rest): one comment per pull request, found by a hidden marker and updated in place.
 * On a fork pull request the token is read-only: no comment and no error (the summary and the
 * failing check still report the findings). A comment that cannot be written is a warning, never
 * the scan's outcome.
 */
import { HttpClient, type Finding } from '@hardline/core';

export const COMMENT_MARKER = '<!-- hardline:secret-scan -->';

export type CommentOutcome = 'created' | 'updated' | 'unchanged' | 'skipped';

/** The comment: a table of findings (never a secret) and the .gitleaksignore lines for false positives. */
export function commentBody(findings: readonly Finding[], commitsScanned: number): string {
  const lines = [COMMENT_MARKER, '### hardline secret scan', ''];
  if (findings.length === 0) {
    lines.push(`✅ No secrets found in ${commitsScanned} commit(s).`);
    return lines.join('\n') + '\n';
  }
  lines.push(`🔴 **${findings.length}** secret(s) found in ${commitsScanned} commit(s). Rotate each credential first: it stays in the git history.`, '');
  lines.push('| Rule | Location | Commit | Author |', '|---|---|---|---|');
  for (const f of findings) {
    const commit = typeof f.properties?.commit === 'string' ? f.properties.commit.slice(0, 8) : '';
    const author = typeof f.properties?.author === 'string' ? f.properties.author : '';
    lines.push(`| \`${cell(f.ruleId)}\` | \`${cell(`${f.file}:${f.line}`)}\` | ${commit} | ${cell(author)} |`);
  }
  lines.push('', 'A false positive? Add its line to `.gitleaksignore`:', '', '```');
  for (const f of findings) lines.push(String(f.properties?.gitleaksFingerprint ?? f.fingerprint));
  lines.push('```');
  return lines.join('\n') + '\n';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

export interface GitHubTarget {
  token: string;
  owner: string;
  repo: string;
  issueNumber: number;
  apiUrl?: string;
  /** True when the pull request comes from a fork (its token cannot write). */
  fork: boolean;
}

function status(err: unknown): number | undefined {
  const s = (err as { status?: unknown })?.status;
  return typeof s === 'number' ? s : undefined;
}

export async function upsertGitHubComment(t: GitHubTarget, body: string, log: (m: string) => void, createIfMissing = true): Promise<CommentOutcome> {
  if (t.fork) {
    log('fork pull request: its token is read-only, so no comment is written (the summary and the check report the findings)');
    return 'skipped';
  }
  const http = new HttpClient({ service: 'GitHub API', retries: 2 });
  const { getOctokit } = await import('@actions/github'); // loaded only when a comment is asked for
  const octokit = getOctokit(t.token, { baseUrl: t.apiUrl, request: { fetch: http.fetch } });
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: t.owner, repo: t.repo, issue_number: t.issueNumber, per_page: 100 });
    const mine = comments.find((c) => typeof c.body === 'string' && c.body.includes(COMMENT_MARKER));
    if (mine) {
      if (mine.body === body) return 'unchanged';
      await octokit.rest.issues.updateComment({ owner: t.owner, repo: t.repo, comment_id: mine.id, body });
      return 'updated';
    }
    if (!createIfMissing) return 'skipped';
    await octokit.rest.issues.createComment({ owner: t.owner, repo: t.repo, issue_number: t.issueNumber, body });
    return 'created';
  } catch (err) {
    const s = status(err);
    if (s === 403 || s === 404) {
      log(`no pull request comment: the token may not write to this pull request (HTTP ${s}); give the job \`permissions: pull-requests: write\``);
      return 'skipped';
    }
    log(`no pull request comment: ${(err as Error).message}`);
    return 'skipped';
  }
}

export interface GitLabTarget {
  token: string;
  host: string;
  projectId: string;
  mrIid: number;
}

export async function upsertGitLabNote(t: GitLabTarget, body: string, log: (m: string) => void, createIfMissing = true): Promise<CommentOutcome> {
  const { Gitlab } = await import('@gitbeaker/rest'); // loaded only when a note is asked for
  const api = new Gitlab({ host: t.host, token: t.token });
  try {
    const notes = (await api.MergeRequestNotes.all(t.projectId, t.mrIid)) as Array<{ id: number; body: string }>;
    const mine = notes.find((n) => typeof n.body === 'string' && n.body.includes(COMMENT_MARKER));
    if (mine) {
      if (mine.body === body) return 'unchanged';
      await api.MergeRequestNotes.edit(t.projectId, t.mrIid, mine.id, { body });
      return 'updated';
    }
    if (!createIfMissing) return 'skipped';
    await api.MergeRequestNotes.create(t.projectId, t.mrIid, body);
    return 'created';
  } catch (err) {
    log(`no merge request note: ${(err as Error).message.split('\n')[0]}`);
    return 'skipped';
  }
}

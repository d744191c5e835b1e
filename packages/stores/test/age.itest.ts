import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditLog, HttpClient } from '@hardline/core';
import { startGitHubTestServer, GITHUB_TEST_TOKENS, type GitHubTestServer } from '../../../test/servers/github';
import { startGitLabTestServer, GITLAB_TEST_TOKENS, type GitLabTestServer } from '../../../test/servers/gitlab';
import { canary, findCanaries } from '../../../test/helpers/canary';
import { createStore, secretAges } from '../src';

describe('credential-age audit over the GitHub and GitLab test servers', () => {
  let github: GitHubTestServer;
  let gitlab: GitLabTestServer;
  let http: HttpClient;
  let dir: string;

  beforeAll(async () => {
    github = await startGitHubTestServer();
    gitlab = await startGitLabTestServer();
    http = new HttpClient({ baseDelayMs: 2, maxDelayMs: 10 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-age-it-'));
  });
  afterAll(async () => {
    http.close();
    await github.close();
    await gitlab.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports the 45-day-old secrets of a mix of fresh and old ones, never a value', async () => {
    const values = [canary('a'), canary('b'), canary('c'), canary('d'), canary('e')];
    const gh = createStore({ kind: 'github', scope: 'repository', repository: 'acme/app', token: GITHUB_TEST_TOKENS.write, apiUrl: github.url }, { http });
    const gl = createStore({ kind: 'gitlab', scope: 'project', id: 'acme/app', token: GITLAB_TEST_TOKENS.owner, apiUrl: `${gitlab.url}/api/v4` }, { http });
    await gh.write('FRESH_TOKEN', values[0]!);
    await gh.write('OLD_TOKEN', values[1]!);
    github.setSecretUpdatedAt('repo:acme/app', 'OLD_TOKEN', new Date(Date.now() - 45 * 86_400_000));
    await gl.write('FRESH_VAR', values[2]!);
    await gl.write('OLD_VAR', values[3]!);
    await gl.write('UNTRACKED_VAR', values[4]!);

    // The audit log of earlier rotations: OLD_VAR 45 days ago, FRESH_VAR yesterday, UNTRACKED_VAR never.
    const file = path.join(dir, 'audit.jsonl');
    const entry = (daysAgo: number, name: string) =>
      JSON.stringify({ timestamp: new Date(Date.now() - daysAgo * 86_400_000).toISOString(), command: 'rotate', operation: 'set', target: `${gl.label}/${name}`, outcome: 'ok' });
    fs.writeFileSync(file, `${entry(45, 'OLD_VAR')}\n${entry(1, 'FRESH_VAR')}\n`);
    new AuditLog(file, 'rotate').write({ operation: 'verify', target: `${gl.label}/UNTRACKED_VAR`, outcome: 'ok' });

    const findings = await secretAges([gh, gl], { maxAgeDays: 30, auditLogFile: file });
    const summary = findings.map((f) => [f.ruleId, f.properties?.name, f.properties?.ageDays ?? null, f.properties?.source ?? null]);
    expect(summary).toEqual([
      ['secret-too-old', 'OLD_TOKEN', 45, 'updated_at'],
      ['secret-too-old', 'OLD_VAR', 45, 'audit-log'],
      ['secret-age-unknown', 'UNTRACKED_VAR', null, null],
    ]);
    expect(findCanaries(values, [JSON.stringify(findings)], [dir])).toEqual([]);
  });
});

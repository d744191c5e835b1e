import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigurationError } from '@hardline/core';
import { detectScope } from '../../src/scope/auto';
import { tempDir } from '../helpers/git-repo';

function event(payload: unknown): string {
  const file = path.join(tempDir(), 'event.json');
  fs.writeFileSync(file, JSON.stringify(payload));
  return file;
}

describe('scope auto', () => {
  it('reads a GitHub pull_request event as a pr range', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event({ pull_request: { base: { sha: 'b' }, head: { sha: 'h' } } }) };
    expect(detectScope(env, true)).toMatchObject({ scope: 'pr', base: 'b', head: 'h' });
  });

  it('reads a GitHub push event as a push range with its branch', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event({ before: '0'.repeat(40), after: 'a', ref: 'refs/heads/dev' }) };
    expect(detectScope(env, true)).toMatchObject({ scope: 'push', base: '0'.repeat(40), head: 'a', branch: 'dev' });
  });

  it('scans the whole history for other GitHub events', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: event({}) };
    expect(detectScope(env, true).scope).toBe('history');
  });

  it('reads GitLab merge request and branch pipeline variables', () => {
    expect(detectScope({ GITLAB_CI: 'true', CI_MERGE_REQUEST_DIFF_BASE_SHA: 'b', CI_COMMIT_SHA: 'h' }, true)).toMatchObject({ scope: 'pr', base: 'b', head: 'h' });
    expect(detectScope({ GITLAB_CI: 'true', CI_COMMIT_BEFORE_SHA: 'b', CI_COMMIT_SHA: 'h', CI_COMMIT_BRANCH: 'main' }, true)).toMatchObject({ scope: 'push', base: 'b', head: 'h', branch: 'main' });
    expect(detectScope({ GITLAB_CI: 'true', CI_COMMIT_SHA: 'h' }, true).scope).toBe('history');
  });

  it('scans the history on a developer machine, or the directory outside git', () => {
    expect(detectScope({}, true).scope).toBe('history');
    expect(detectScope({}, false).scope).toBe('dir');
  });

  it('reports an unreadable event file as a configuration error naming it', () => {
    expect(() => detectScope({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: '/nope/event.json' }, true)).toThrow(ConfigurationError);
  });
});

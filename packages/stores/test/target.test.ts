import { ConfigurationError } from '@hardline/core';
import { formatStoreTarget, parseStoreTarget } from '../src';

describe('parseStoreTarget', () => {
  it.each([
    ['github:repository:owner/repo', { kind: 'github', scope: 'repository', repository: 'owner/repo' }],
    ['github:environment:owner/repo/production', { kind: 'github', scope: 'environment', repository: 'owner/repo', environment: 'production' }],
    ['github:organization:myorg', { kind: 'github', scope: 'organization', organization: 'myorg' }],
    ['gitlab:project:group/proj', { kind: 'gitlab', scope: 'project', id: 'group/proj' }],
    ['gitlab:project:group/sub/proj', { kind: 'gitlab', scope: 'project', id: 'group/sub/proj' }],
    ['gitlab:project:4242', { kind: 'gitlab', scope: 'project', id: '4242' }],
    ['gitlab:group:mygroup', { kind: 'gitlab', scope: 'group', id: 'mygroup' }],
    ['vault-kv:secret/ci/creds', { kind: 'vault-kv', mount: 'secret', path: 'ci/creds' }],
    ['  github:repository:o/r  ', { kind: 'github', scope: 'repository', repository: 'o/r' }],
  ])('reads %s', (raw, expected) => {
    expect(parseStoreTarget(raw)).toEqual(expected);
  });

  it.each([
    ['github:repo:o/r', 'unknown GitHub scope "repo"'],
    ['github:repository:o', 'owner/repo'],
    ['github:environment:o/r', 'owner/repo/environment'],
    ['github:organization:a/b', 'organization name alone'],
    ['github:repository:o/r r', 'not a valid GitHub'],
    ['gitlab:project:proj', 'namespace/project'],
    ['gitlab:team:x', 'unknown GitLab scope'],
    ['vault-kv:secret', 'mount and a path'],
    ['vault-kv:secret/../../sys/policies/acl/x', 'no "." or ".." segments'],
    ['vault-kv:../sys/x', 'no "." or ".." segments'],
    ['vault-kv:secret/./ci', 'no "." or ".." segments'],
    ['aws:secret', 'unknown store kind "aws"'],
    ['github', 'no store kind'],
    ['github:repository', 'no scope'],
  ])('rejects %s saying what was wrong and what is expected', (raw, why) => {
    let err: unknown;
    try {
      parseStoreTarget(raw, 'input sinks');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigurationError);
    const message = (err as Error).message;
    expect(message).toContain(why);
    expect(message).toContain('input sinks:');
    expect(message).toContain('github:environment:<owner>/<repo>/<environment>');
  });

  it('names the file and line it was given', () => {
    let err: unknown;
    try {
      parseStoreTarget('nope', 'sinks[0]', { file: 'rotation.yml', line: 7 });
    } catch (e) {
      err = e;
    }
    expect((err as ConfigurationError).describe()).toMatch(/^rotation\.yml:7: sinks\[0\]:/);
  });

  it('formats a target back to the string it was read from', () => {
    for (const raw of ['github:repository:o/r', 'github:environment:o/r/prod', 'github:organization:x', 'gitlab:group:g', 'vault-kv:kv/a/b']) {
      expect(formatStoreTarget(parseStoreTarget(raw))).toBe(raw);
    }
  });
});

import { ConfigurationError } from '@hardline/core';
import { parseStoreTarget } from '@hardline/stores';
import { sinkSpec } from '../src/sinks';

describe('sinkSpec', () => {
  it('writes GitLab variables masked and protected in the entry environment scope', () => {
    const spec = sinkSpec(parseStoreTarget('gitlab:project:acme/app'), { gitlabToken: 'glpat-x', gitlabApiUrl: 'https://gl/api/v4' }, 'production', 'rotation.yml:4');
    expect(spec).toEqual({ kind: 'gitlab', scope: 'project', id: 'acme/app', token: 'glpat-x', apiUrl: 'https://gl/api/v4', masked: true, protected: true, environmentScope: 'production' });
    expect(sinkSpec(parseStoreTarget('gitlab:group:acme'), { gitlabToken: 'glpat-x' }, undefined, 'x')).toMatchObject({ environmentScope: '*' });
  });

  it('gives organization secrets the chosen visibility, private by default', () => {
    expect(sinkSpec(parseStoreTarget('github:organization:acme'), { githubToken: 't' }, undefined, 'x')).toMatchObject({ visibility: 'private' });
    expect(sinkSpec(parseStoreTarget('github:organization:acme'), { githubToken: 't', githubVisibility: 'all' }, undefined, 'x')).toMatchObject({ visibility: 'all' });
    expect(sinkSpec(parseStoreTarget('github:repository:acme/app'), { githubToken: 't' }, undefined, 'x')).not.toHaveProperty('visibility');
  });

  it('names the missing credential and where the sink was declared', () => {
    expect(() => sinkSpec(parseStoreTarget('github:repository:a/b'), {}, undefined, 'rotation.yml:7')).toThrow(ConfigurationError);
    expect(() => sinkSpec(parseStoreTarget('github:repository:a/b'), {}, undefined, 'rotation.yml:7')).toThrow(/^rotation\.yml:7: github-token is required/);
    expect(() => sinkSpec(parseStoreTarget('gitlab:project:a/b'), {}, undefined, 'rotation.yml:8')).toThrow(/gitlab-token is required/);
    expect(() => sinkSpec(parseStoreTarget('vault-kv:secret/ci'), { vaultAddr: 'http://v' }, undefined, 'rotation.yml:9')).toThrow(/vault-addr and vault-token are required/);
  });
});

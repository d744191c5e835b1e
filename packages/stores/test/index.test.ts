import { ConfigurationError } from '@hardline/core';
import { createStore, GitHubSecretStore, GitLabVariableStore, VaultKvStore } from '../src';

describe('createStore', () => {
  it('makes the store each kind of spec names, labelled without secrets', () => {
    const gh = createStore({ kind: 'github', scope: 'organization', organization: 'acme', token: 'ghs_x' });
    expect(gh).toBeInstanceOf(GitHubSecretStore);
    expect(gh.label).toBe('GitHub organization secrets of acme');
    const gl = createStore({ kind: 'gitlab', scope: 'group', id: 'acme', token: 'glpat-x', apiUrl: 'https://gitlab.example.com/api/v4' });
    expect(gl).toBeInstanceOf(GitLabVariableStore);
    expect(gl.label).toBe('GitLab group variables of acme');
    const kv = createStore({ kind: 'vault-kv', addr: 'https://vault.example.com:8200/', token: 'hvs.x', mount: 'secret', path: '/ci/creds/' });
    expect(kv).toBeInstanceOf(VaultKvStore);
    expect(kv.label).toBe('Vault KV secret secret/ci/creds at https://vault.example.com:8200/');
  });

  it('defaults the GitHub and GitLab API addresses from the CI environment', () => {
    const saved = { gh: process.env.GITHUB_API_URL, gl: process.env.CI_API_V4_URL };
    process.env.CI_API_V4_URL = 'not a url';
    try {
      expect(() => createStore({ kind: 'gitlab', scope: 'project', id: 'a/b', token: 't' })).toThrow(/CI_API_V4_URL/);
    } finally {
      if (saved.gl === undefined) delete process.env.CI_API_V4_URL;
      else process.env.CI_API_V4_URL = saved.gl;
    }
  });

  it('rejects a GitHub spec that lacks what its scope needs', () => {
    expect(() => createStore({ kind: 'github', scope: 'repository', repository: 'justowner', token: 't' })).toThrow(ConfigurationError);
    expect(() => createStore({ kind: 'github', scope: 'environment', repository: 'o/r', token: 't' })).toThrow(/environment name/);
    expect(() => createStore({ kind: 'github', scope: 'organization', token: 't' })).toThrow(/organization name/);
    expect(() => createStore({ kind: 'github', scope: 'organization', organization: 'o', visibility: 'selected', token: 't' })).toThrow(/selected repository ids/);
  });

  it('rejects a Vault KV spec without a path', () => {
    expect(() => createStore({ kind: 'vault-kv', addr: 'http://127.0.0.1:8200', token: 't', mount: 'secret', path: '/' })).toThrow(ConfigurationError);
  });
});

/**
 * The secret-store contract shared by `vault init` and `rotate`: write a value, prove it landed,
 * list what is there with its age. Implementations: GitHub Actions secrets, GitLab CI/CD variables,
 * Vault KV v2. No method ever puts a value in a message, a label or a log line.
 */

export interface StoreEntry {
  name: string;
  /** When the value last changed, as the store reports it (GitHub, Vault KV); absent for GitLab variables. */
  updatedAt?: Date;
}

export interface SecretStore {
  /** What and where, e.g. "GitHub repository secrets of o/r" — never a value. */
  readonly label: string;
  /** Proves write access (public key fetch, write + delete of a throw-away entry); throws with fix-it text otherwise. */
  preflight(): Promise<void>;
  write(name: string, value: string): Promise<void>;
  /** GitHub: updated_at at or after the write; GitLab and Vault KV: read back and compare. */
  verify(name: string, value: string): Promise<'read-back' | 'updated-at'>;
  list(): Promise<StoreEntry[]>;
  delete?(name: string): Promise<void>;
}

export type GitHubScope = 'repository' | 'environment' | 'organization';
export type OrgVisibility = 'all' | 'private' | 'selected';

export interface GitHubStoreSpec {
  kind: 'github';
  scope: GitHubScope;
  /** owner/repo (repository and environment scopes). */
  repository?: string;
  environment?: string;
  organization?: string;
  /** Organization secrets only; default private. */
  visibility?: OrgVisibility;
  selectedRepositoryIds?: number[];
  token: string;
  /** Default GITHUB_API_URL or https://api.github.com. */
  apiUrl?: string;
}

export interface GitLabStoreSpec {
  kind: 'gitlab';
  scope: 'project' | 'group';
  /** Numeric id or full path (group/project). */
  id: string;
  token: string;
  /** Default CI_API_V4_URL or https://gitlab.com/api/v4. */
  apiUrl?: string;
  /** Default true. */
  masked?: boolean;
  /** Default true. */
  protected?: boolean;
  /** Default "*". */
  environmentScope?: string;
  /** Store the value unexpanded (GitLab "raw", no $VAR expansion). Default true: a secret is never a template. */
  raw?: boolean;
}

export interface VaultKvStoreSpec {
  kind: 'vault-kv';
  addr: string;
  token: string;
  /** KV v2 mount, e.g. "secret". */
  mount: string;
  /** Path of the secret under the mount, e.g. "ci/creds"; each store name is a key of that secret. */
  path: string;
  caFile?: string;
  namespace?: string;
}

export type StoreSpec = GitHubStoreSpec | GitLabStoreSpec | VaultKvStoreSpec;

/** What parseStoreTarget can know from a target string: everything but credentials and addresses. */
export type StoreTarget =
  | Pick<GitHubStoreSpec, 'kind' | 'scope' | 'repository' | 'environment' | 'organization'>
  | Pick<GitLabStoreSpec, 'kind' | 'scope' | 'id'>
  | Pick<VaultKvStoreSpec, 'kind' | 'mount' | 'path'>;

/**
 * TEST SERVER for hardline's tests — NOT the real GitHub API.
 *
 * Public types of the GitHub test server: its options, token grants and what it records.
 */
import type { FaultSpec, JsonObject, ServerStats } from '../shared/http';

export type { FaultSpec, RequestRecord, ServerStats } from '../shared/http';

/** GitHub App / fine-grained token permission names that this server checks. `metadata` read is implied by any repository access. */
export type GitHubPermission =
  | 'secrets'
  | 'environments'
  | 'organization_secrets'
  | 'actions'
  | 'issues'
  | 'pull_requests'
  | 'metadata';

export type PermissionLevel = 'none' | 'read' | 'write';

export interface GitHubTokenGrant {
  /** Missing permissions are 'none'. */
  permissions: Partial<Record<GitHubPermission, PermissionLevel>>;
  /** 'owner/repo' names this token may see; others answer 404 like GitHub. Default: every repository. */
  repositories?: string[];
  /** Login shown as the author of comments. Default 'github-actions[bot]'. */
  login?: string;
}

export interface GitHubRepoConfig {
  owner: string;
  name: string;
  /** Numeric repository id (used by `/repositories/{id}/...` routes). Default: assigned from 1001 up. */
  id?: number;
  private?: boolean;
  /** Deployment environments that exist. Default ['production', 'staging']. */
  environments?: string[];
  /** Workflow file names; if given, dispatches to others answer 404. Ids are assigned in order from 161335. */
  workflows?: string[];
  /** Issue/PR numbers that exist; if omitted every positive number exists. */
  issues?: number[];
}

export interface GitHubTestServerOptions {
  repos?: GitHubRepoConfig[];
  /** Organizations (for org secrets). Default: the owners of `repos`. */
  orgs?: string[];
  /** Token value -> grant. Default: GITHUB_TEST_TOKENS.write (everything write) and .read (everything read). */
  tokens?: Record<string, GitHubTokenGrant>;
  latencyMs?: number;
}

/** Where a secret lives: `repo:owner/name`, `env:owner/name:environment` or `org:name`. */
export type SecretScope = `repo:${string}` | `env:${string}:${string}` | `org:${string}`;

export type OrgSecretVisibility = 'all' | 'private' | 'selected';

export interface WorkflowDispatch {
  repo: string;
  /** The workflow file name (or the id as sent, if the repository lists no workflows). */
  workflow: string;
  ref: string;
  inputs: JsonObject;
  at: Date;
}

export interface IssueCommentRecord {
  repo: string;
  issueNumber: number;
  id: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export interface GitHubTestServer {
  /** Base URL to give Octokit as `baseUrl`, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** Decrypted plaintext of a stored secret, or undefined. Never exposed over HTTP. */
  secretValue(scope: SecretScope, name: string): string | undefined;
  /** Backdates (or moves) a secret's updated_at, e.g. to test age-based rotation. Throws if the secret does not exist. */
  setSecretUpdatedAt(scope: SecretScope, name: string, date: Date): void;
  /** Replaces the scope's public key; values sealed for the old key_id are then refused with 422. */
  rotatePublicKey(scope: SecretScope): void;
  readonly dispatches: readonly WorkflowDispatch[];
  readonly comments: readonly IssueCommentRecord[];
  readonly stats: ServerStats;
  /** Scripts failures, e.g. `failNext({status: 502, count: 2})` or `failNext({status: 500, method: 'PUT', path: '/repos/:owner/:repo/actions/secrets/:name', count: Infinity})`. */
  failNext(fault: FaultSpec): void;
  setLatency(ms: number): void;
  clearFaults(): void;
  close(): Promise<void>;
}

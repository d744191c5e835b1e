/**
 * TEST SERVER for hardline's tests — NOT the real GitHub API.
 *
 * In-memory data of the GitHub test server: repositories, organizations, secrets (stored as the
 * plaintext the server decrypted), issue comments and workflow dispatches.
 */
import type { JsonObject } from '../shared/http';
import type {
  GitHubRepoConfig,
  GitHubTestServerOptions,
  IssueCommentRecord,
  OrgSecretVisibility,
  SecretScope,
  WorkflowDispatch,
} from './types';

export interface Repo {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  environments: string[];
  /** [id, file name] pairs, or undefined when any workflow is accepted. */
  workflows?: Array<[number, string]>;
  issues?: number[];
}

export interface StoredSecret {
  name: string;
  value: string;
  createdAt: Date;
  updatedAt: Date;
  visibility?: OrgSecretVisibility;
  selectedRepositoryIds?: number[];
}

/** GitHub renders timestamps without milliseconds. */
export function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function repoJson(repo: Repo, baseUrl: string): JsonObject {
  return {
    id: repo.id,
    node_id: Buffer.from(`010:Repository${repo.id}`).toString('base64'),
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    owner: { login: repo.owner, id: 1, type: 'Organization' },
    html_url: `https://github.com/${repo.fullName}`,
    url: `${baseUrl}/repos/${repo.fullName}`,
  };
}

export class GitHubState {
  readonly repos = new Map<string, Repo>();
  readonly reposById = new Map<number, Repo>();
  readonly orgs = new Set<string>();
  private readonly secrets = new Map<string, Map<string, StoredSecret>>();
  readonly comments: IssueCommentRecord[] = [];
  readonly dispatches: WorkflowDispatch[] = [];
  private nextCommentId = 1_000_001;

  constructor(opts: GitHubTestServerOptions) {
    const configs: GitHubRepoConfig[] = opts.repos ?? [{ owner: 'acme', name: 'app' }];
    let nextId = 1001;
    let nextWorkflowId = 161335;
    for (const c of configs) {
      const id = c.id ?? nextId;
      nextId = Math.max(nextId, id) + 1;
      const repo: Repo = {
        id,
        owner: c.owner,
        name: c.name,
        fullName: `${c.owner}/${c.name}`,
        private: c.private ?? true,
        environments: c.environments ?? ['production', 'staging'],
        workflows: c.workflows?.map((file) => [nextWorkflowId++, file]),
        issues: c.issues,
      };
      this.repos.set(repo.fullName.toLowerCase(), repo);
      this.reposById.set(repo.id, repo);
    }
    for (const org of opts.orgs ?? configs.map((c) => c.owner)) this.orgs.add(org.toLowerCase());
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** Canonical store key: names are case-insensitive on GitHub. */
  static scopeKey(scope: SecretScope): string {
    return scope.toLowerCase();
  }

  /** Secret names are case-insensitive and GitHub shows them upper-cased. */
  static secretName(name: string): string {
    return name.toUpperCase();
  }

  secretsIn(scopeKey: string): Map<string, StoredSecret> {
    let map = this.secrets.get(scopeKey);
    if (!map) {
      map = new Map();
      this.secrets.set(scopeKey, map);
    }
    return map;
  }

  findSecret(scope: SecretScope, name: string): StoredSecret | undefined {
    return this.secrets.get(GitHubState.scopeKey(scope))?.get(GitHubState.secretName(name));
  }

  addComment(repo: Repo, issueNumber: number, body: string, user: string): IssueCommentRecord {
    const now = iso(new Date());
    const comment: IssueCommentRecord = {
      repo: repo.fullName,
      issueNumber,
      id: this.nextCommentId++,
      body,
      user,
      createdAt: now,
      updatedAt: now,
    };
    this.comments.push(comment);
    return comment;
  }
}

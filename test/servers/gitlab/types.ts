/**
 * TEST SERVER for hardline's tests — NOT the real GitLab API.
 *
 * Public types of the GitLab test server: its options, token grants and what it records.
 */
import type { FaultSpec, ServerStats } from '../shared/http';

export type { FaultSpec, RequestRecord, ServerStats } from '../shared/http';

/** GitLab role access levels: Guest 10, Reporter 20, Developer 30, Maintainer 40, Owner 50. */
export type AccessLevel = 0 | 10 | 20 | 30 | 40 | 50;

export const ACCESS = { none: 0, guest: 10, reporter: 20, developer: 30, maintainer: 40, owner: 50 } as const;

export interface GitLabTokenGrant {
  /**
   * 'job' tokens (CI_JOB_TOKEN) are refused (401) by the variables and notes APIs, as on GitLab, but
   * may trigger pipelines. Others (personal/project/group access tokens, OAuth) work everywhere.
   */
  kind?: 'personal' | 'job' | 'oauth';
  /** One level for every project and group, or per full path ('acme', 'acme/app'); unlisted paths answer 404. */
  access: AccessLevel | Record<string, AccessLevel>;
  /** Default ['api']. A 'read_api' token gets 403 insufficient_scope on writes. */
  scopes?: Array<'api' | 'read_api'>;
  /** Shown as the author of notes. Default 'hardline-bot'. */
  username?: string;
}

export interface GitLabProjectConfig {
  id: number;
  /** Full path, e.g. 'acme/app'. */
  path: string;
  /** Merge request iids that exist; if omitted every positive iid exists. */
  mergeRequests?: number[];
  /** Pipeline trigger tokens (glptt-...) accepted by POST /projects/:id/trigger/pipeline. */
  triggerTokens?: string[];
}

export interface GitLabGroupConfig {
  id: number;
  path: string;
}

export interface GitLabTestServerOptions {
  /** Default: [{ id: 101, path: 'acme/app', triggerTokens: [GITLAB_TEST_TOKENS.trigger] }] */
  projects?: GitLabProjectConfig[];
  /** Default: [{ id: 11, path: 'acme' }] */
  groups?: GitLabGroupConfig[];
  /** Token value -> grant. Default: GITLAB_TEST_TOKENS owner / developer / readApi / job. */
  tokens?: Record<string, GitLabTokenGrant>;
  latencyMs?: number;
}

/** A project or group, by numeric id or full path: `project:101`, `project:acme/app`, `group:acme`. */
export type VariableScope = `project:${string}` | `group:${string}`;

/** A stored CI/CD variable, in GitLab's own field names. GitLab keeps no timestamps on variables. */
export interface GitLabVariable {
  key: string;
  value: string;
  variable_type: 'env_var' | 'file';
  protected: boolean;
  masked: boolean;
  hidden: boolean;
  raw: boolean;
  environment_scope: string;
  description: string | null;
}

export interface MergeRequestNoteRecord {
  projectId: number;
  mergeRequestIid: number;
  id: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

export interface PipelineTriggerRecord {
  id: number;
  projectId: number;
  ref: string;
  variables: Record<string, string>;
  /** 'trigger' for a trigger token, 'pipeline' for a CI job token (multi-project pipeline). */
  source: 'trigger' | 'pipeline';
  at: Date;
}

export interface GitLabTestServer {
  /** Give it to gitbeaker as `host` (the API lives under /api/v4). */
  readonly url: string;
  /** The stored variable (a copy), or undefined. With several environment scopes for one key, pass `environmentScope` (else it throws). */
  variable(scope: VariableScope, key: string, environmentScope?: string): GitLabVariable | undefined;
  readonly notes: readonly MergeRequestNoteRecord[];
  readonly pipelines: readonly PipelineTriggerRecord[];
  readonly stats: ServerStats;
  /** Scripts failures, e.g. `failNext({status: 502, count: 2})` or one route only with `method`/`path`. */
  failNext(fault: FaultSpec): void;
  setLatency(ms: number): void;
  /** Drops scripted faults and latency. */
  clearFaults(): void;
  close(): Promise<void>;
}

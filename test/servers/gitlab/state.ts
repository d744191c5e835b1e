/**
 * TEST SERVER for hardline's tests — NOT the real GitLab API.
 *
 * In-memory data of the GitLab test server: projects, groups, CI/CD variables, merge request
 * notes and triggered pipelines.
 */
import type {
  GitLabGroupConfig,
  GitLabProjectConfig,
  GitLabTestServerOptions,
  GitLabVariable,
  MergeRequestNoteRecord,
  PipelineTriggerRecord,
  VariableScope,
} from './types';

export const DEFAULT_TRIGGER_TOKEN = 'glptt-test-trigger-token';

export type OwnerKind = 'project' | 'group';

export interface Owner {
  kind: OwnerKind;
  id: number;
  path: string;
  config: GitLabProjectConfig | GitLabGroupConfig;
}

export class GitLabState {
  readonly projects: GitLabProjectConfig[];
  readonly groups: GitLabGroupConfig[];
  private readonly variables = new Map<string, GitLabVariable[]>();
  readonly notes: MergeRequestNoteRecord[] = [];
  readonly pipelines: PipelineTriggerRecord[] = [];
  private nextNoteId = 5001;
  private nextPipelineId = 9001;

  constructor(opts: GitLabTestServerOptions) {
    this.projects = opts.projects ?? [{ id: 101, path: 'acme/app', triggerTokens: [DEFAULT_TRIGGER_TOKEN] }];
    this.groups = opts.groups ?? [{ id: 11, path: 'acme' }];
  }

  /** By numeric id or (case-insensitive) full path, as the `:id` of GitLab's API. */
  owner(kind: OwnerKind, idOrPath: string): Owner | undefined {
    const list = kind === 'project' ? this.projects : this.groups;
    const config = /^\d+$/.test(idOrPath)
      ? list.find((c) => c.id === Number(idOrPath))
      : list.find((c) => c.path.toLowerCase() === idOrPath.toLowerCase());
    return config && { kind, id: config.id, path: config.path, config };
  }

  ownerFromScope(scope: VariableScope): Owner | undefined {
    const i = scope.indexOf(':');
    return this.owner(scope.slice(0, i) as OwnerKind, scope.slice(i + 1));
  }

  variablesOf(owner: Owner): GitLabVariable[] {
    const key = `${owner.kind}:${owner.id}`;
    let list = this.variables.get(key);
    if (!list) {
      list = [];
      this.variables.set(key, list);
    }
    return list;
  }

  addNote(projectId: number, mergeRequestIid: number, body: string, author: string): MergeRequestNoteRecord {
    const now = new Date().toISOString();
    const note = { projectId, mergeRequestIid, id: this.nextNoteId++, body, author, createdAt: now, updatedAt: now };
    this.notes.push(note);
    return note;
  }

  addPipeline(record: Omit<PipelineTriggerRecord, 'id' | 'at'>): PipelineTriggerRecord {
    const pipeline = { ...record, id: this.nextPipelineId++, at: new Date() };
    this.pipelines.push(pipeline);
    return pipeline;
  }
}

export const SCOPES = ['auto', 'pr', 'push', 'history', 'dir', 'staged'] as const;
export type ScopeName = (typeof SCOPES)[number];

/** What `auto` (or the user) asked for, before git is consulted. */
export interface ScopeRequest {
  scope: Exclude<ScopeName, 'auto'>;
  base?: string;
  head?: string;
  /** push: the branch pushed (to exclude its own remote ref when `before` is zeros). */
  branch?: string;
  /** How the scope was chosen, for the log. */
  reason: string;
}

/** A resolved scope: the git revisions to scan, or the index, or a directory. */
export type ResolvedScope =
  | { kind: 'commits'; scope: 'pr' | 'push' | 'history'; revs: string[]; description: string }
  | { kind: 'staged'; description: string }
  | { kind: 'dir'; path: string; description: string };

/**
 * What every rotation source does, in the order the procedure calls it:
 * preflight (access, before any sink or source is touched) → overlap (does the old value stay
 * valid once a new one exists?) → create (the new value, masked at once) → finish (invalidate old
 * values only where the source keeps them alive).
 */
export interface Overlap {
  /** True when the previous value still works after create() (so a sink failure cannot lock anyone out). */
  keepsOld: boolean;
  /** One sentence for the log and the report, e.g. "Keycloak keeps the previous secret for 3600 s". */
  explanation: string;
}

export interface Created {
  value: string;
  /** Non-secret facts about the new value (accessor, username, grace expiry). */
  facts: Record<string, string>;
}

export interface RotationSource {
  /** What is rotated, never a value: "Keycloak client app-backend (realm hardline)". */
  readonly label: string;
  preflight(): Promise<void>;
  overlap(): Promise<Overlap>;
  create(): Promise<Created>;
  /** Called only when every sink holds and verified the new value. Returns what it did. */
  finish(created: Created): Promise<string>;
  close?(): void;
}

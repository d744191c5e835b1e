/** Load-stage rule metadata and the one helper that turns a load problem into a Finding. */
import { fingerprint, ruleHelpUri, type Finding, type RuleMeta, type Severity } from '@hardline/core';

export type LoadRuleId =
  | 'invalid-yaml'
  | 'invalid-schema'
  | 'invalid-interpolation'
  | 'missing-variable'
  | 'missing-file'
  | 'undefined-reference'
  | 'dependency-cycle';

const rule = (id: LoadRuleId, title: string, help: string, defaultSeverity: Severity): RuleMeta => ({
  id,
  title,
  help,
  helpUri: ruleHelpUri('compose.md', id),
  defaultSeverity,
  tags: ['compose', 'load'],
});

export const LOAD_RULES: readonly RuleMeta[] = [
  rule(
    'invalid-yaml',
    'Compose file is not valid YAML',
    'Docker Compose refuses a file it cannot parse, so nothing in it is deployed or checked. This covers syntax errors, duplicate keys, alias expansion that grows out of bounds (billion laughs), binary or oversized files, empty files and files whose top level is not a mapping. Fix the YAML at the reported line; `docker compose config` shows the same problem.',
    'error',
  ),
  rule(
    'invalid-schema',
    'Compose file does not match the Compose specification',
    'After interpolation every Compose file is validated against the compose-spec JSON schema, as `docker compose` does: an unknown key, a wrong type or a malformed value makes Compose reject the project (or silently ignore a typo such as `enviroment`). The same rule covers a line of a `.env`/env_file that is not `KEY=VALUE`, and a service, network or volume defined differently by a file and by a file it `include`s (Compose: "conflicts with imported resource"). Correct or remove the key at the reported line; see https://github.com/compose-spec/compose-spec for the allowed shape.',
    'error',
  ),
  rule(
    'invalid-interpolation',
    'Malformed variable substitution',
    'Compose substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}` and `${VAR+alt}`; anything else after a `$` (an unclosed brace, an invalid name) is an error. Write a literal dollar sign as `$$`, and close every `${`.',
    'error',
  ),
  rule(
    'missing-variable',
    'Variable used in a Compose file has no value',
    'A `${VAR}` with no value in the environment, the `.env` file or an `--env-file`, and no default, is replaced by an empty string, which usually produces a broken or insecure configuration (an empty password, an image without tag). With `${VAR:?message}` or `${VAR?message}` Compose refuses to start, so that case is an error. Define the variable in `.env` or the CI environment, or give it an explicit default with `${VAR:-value}`.',
    'warning',
  ),
  rule(
    'missing-file',
    'A file the Compose project needs does not exist',
    'An `env_file`, `extends.file`, `include` path, secret or config `file`, or a file given on the command line is missing, so `docker compose` fails (or, for an env_file marked `required: false`, silently runs without it). Create the file, fix the path (relative paths are resolved against the project directory, or against the including/extended file), or mark an optional env_file with `required: false`.',
    'error',
  ),
  rule(
    'undefined-reference',
    'Reference to something the project does not define',
    'A service refers to a service (depends_on, links, volumes_from, network_mode/ipc/pid `service:`, extends), network, named volume, secret or config that is not declared in the project, so Compose rejects it. Declare the missing item in the top-level `networks`/`volumes`/`secrets`/`configs` section, or correct the name.',
    'error',
  ),
  rule(
    'dependency-cycle',
    'Circular dependency',
    'Services whose `depends_on` form a cycle (including a service depending on itself), `extends` chains that return to where they started and files that `include` themselves cannot be ordered or resolved, so Compose refuses the project. Break the cycle: remove one of the dependencies or restructure the shared configuration.',
    'error',
  ),
];

export interface LoadProblem {
  ruleId: LoadRuleId;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  severity?: Severity;
  properties?: Record<string, string | number | boolean | null>;
}

export function toFinding(p: LoadProblem): Finding {
  const severity = p.severity ?? (LOAD_RULES.find((r) => r.id === p.ruleId)?.defaultSeverity as Severity);
  const f: Finding = {
    ruleId: p.ruleId,
    severity,
    message: p.message,
    fingerprint: fingerprint('compose', p.ruleId, p.file, p.line, p.message),
    helpUri: ruleHelpUri('compose.md', p.ruleId),
  };
  if (p.file !== undefined) f.file = p.file;
  if (p.line !== undefined) f.line = p.line;
  if (p.column !== undefined) f.column = p.column;
  if (p.properties) f.properties = p.properties;
  return f;
}

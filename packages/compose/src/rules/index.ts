/**
 * The hardening rule catalogue and the engine that runs it over a loaded project: severity from
 * .hardline.yml (or the rule's default), inline `# hardline-disable-line <rule-id>` suppression,
 * file:line from the loader's positions, a fingerprint that never holds a value.
 */
import { fingerprint, type Finding, type RuleMeta } from '@hardline/core';
import type { ComposeConfig } from '../config';
import type { ComposeProject, Position } from '../model';
import { healthcheckStandard } from './healthcheck-standard';
import { noBypassPort } from './no-bypass-port';
import { noDangerousCapabilities } from './no-dangerous-capabilities';
import { noHostNamespaces } from './no-host-namespaces';
import { noPlaceholderSecret } from './no-placeholder-secret';
import { noPlaintextSecretEnv } from './no-plaintext-secret-env';
import { noPrivileged } from './no-privileged';
import { noRootUser } from './no-root-user';
import { noRuntimeSocket } from './no-runtime-socket';
import { noTildePath } from './no-tilde-path';
import { noTrustAuth } from './no-trust-auth';
import { noUnconfinedSecurityOpt } from './no-unconfined-security-opt';
import { noWeakDefaultSecret } from './no-weak-default-secret';
import { requireHealthcheck } from './require-healthcheck';
import { requireHealthyDependency } from './require-healthy-dependency';
import { requireImagePin } from './require-image-pin';
import { requireNoNewPrivileges } from './require-no-new-privileges';
import { requireReadOnly } from './require-read-only';
import { requireResourceLimits } from './require-resource-limits';
import { requireRestartPolicy } from './require-restart-policy';
import type { Problem, Rule } from './types';

export type { Problem, Rule, RuleContext } from './types';

/** Every hardening rule, in the order of docs/compose.md. */
export const RULES: readonly Rule[] = [
  noPrivileged,
  noRuntimeSocket,
  noHostNamespaces,
  noDangerousCapabilities,
  noUnconfinedSecurityOpt,
  requireNoNewPrivileges,
  noTrustAuth,
  noWeakDefaultSecret,
  noPlaceholderSecret,
  noPlaintextSecretEnv,
  noBypassPort,
  noTildePath,
  requireImagePin,
  requireHealthcheck,
  healthcheckStandard,
  requireHealthyDependency,
  requireResourceLimits,
  requireRestartPolicy,
  noRootUser,
  requireReadOnly,
];

export const RULE_METAS: readonly RuleMeta[] = RULES.map((r) => r.meta);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

/** Runs every enabled rule over one project. */
export function runRules(project: ComposeProject, config: ComposeConfig, cwd: string): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of RULES) {
    // The help paragraph travels once per rule in report.rules (SARIF rule metadata), not in every finding.
    const { id, defaultSeverity, helpUri } = rule.meta;
    const configured = config.rules[id];
    if (configured === 'off' || (configured === undefined && defaultSeverity === 'off')) continue;
    const report = (p: Problem) => {
      const pos: Position | undefined = p.at ?? (p.key ? project.locateKey(p.path) ?? project.locate(p.path) : project.locate(p.path));
      const nodePos = p.at ? project.locate(p.path) : undefined;
      if (pos && project.disabledRules(pos.file, pos.line).has(id)) return;
      if (nodePos && project.disabledRules(nodePos.file, nodePos.line).has(id)) return;
      const file = pos?.file ?? project.files[0];
      const dedupe = `${id}\0${file}\0${pos?.line}\0${pos?.column}\0${p.service ?? ''}\0${p.detail ?? ''}`;
      if (seen.has(dedupe)) return;
      seen.add(dedupe);
      const severity = configured ?? p.severity ?? (defaultSeverity === 'off' ? 'warning' : defaultSeverity);
      const path = p.path.join('.');
      const finding: Finding = {
        ruleId: id,
        severity,
        message: p.message,
        file,
        line: pos?.line,
        column: pos?.column,
        helpUri,
        fingerprint: fingerprint(id, file, p.service, path, p.detail),
      };
      if (p.service !== undefined) finding.properties = { service: p.service, project: project.name };
      findings.push(finding);
    };
    rule.check({ project, config, cwd, report });
  }
  return findings;
}

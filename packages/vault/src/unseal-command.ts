/**
 * `hardline vault unseal` / actions/vault-unseal / templates/vault-unseal.yml: unseals every
 * Vault node given, with Shamir keys from an input or VAULT_UNSEAL_KEY_1..N.
 */
import {
  ConfigurationError,
  ExitCode,
  createReport,
  defineCommand,
  fingerprint,
  ruleHelpUri,
  type ExitCodeValue,
  type Finding,
  type InputSpecs,
  type RuleMeta,
} from '@hardline/core';
import { VaultClient } from './client';
import { checkUnsealKeys, keysFromEnv, keysFromList, unsealNode, type NodeResult, type UnsealFailure } from './unseal';

export const VAULT_CONNECTION_INPUTS = {
  'vault-addr': {
    kind: 'list',
    required: true,
    env: ['VAULT_ADDR'],
    description: 'Vault address, e.g. https://vault.example.com:8200. For an HA cluster give every node (newline- or comma-separated): each one is handled. Default: $VAULT_ADDR.',
  },
  'ca-cert': {
    kind: 'string',
    env: ['VAULT_CACERT'],
    description: "PEM file of the CA that signed Vault's certificate. Default: $VAULT_CACERT, else the system CAs. TLS is always verified unless tls-skip-verify is true.",
  },
  'tls-skip-verify': {
    kind: 'boolean',
    default: 'false',
    description: "true to skip TLS certificate verification (prints a loud warning: anyone on the network path could read the keys). Default false. Prefer ca-cert.",
  },
  namespace: {
    kind: 'string',
    env: ['VAULT_NAMESPACE'],
    description: 'Vault Enterprise namespace for namespaced calls (sys/init, sys/unseal and sys/seal-status always go to the root namespace). Default: $VAULT_NAMESPACE, else none.',
  },
  timeout: {
    kind: 'duration',
    default: '5m',
    description: 'How long to wait, with backoff, for each Vault node to answer at all (e.g. 30s, 5m). Default 5m.',
  },
} as const satisfies InputSpecs;

export const UNSEAL_INPUTS = {
  ...VAULT_CONNECTION_INPUTS,
  'unseal-keys': {
    kind: 'secret-list',
    description:
      'Unseal keys (hex or base64, as Vault init returned them), newline- or comma-separated. When omitted, VAULT_UNSEAL_KEY_1, VAULT_UNSEAL_KEY_2, … are read from the environment. Only the threshold number of keys is ever sent.',
  },
  'audit-log': {
    kind: 'string',
    description: 'Append one JSON line per node (address, outcome, number of keys sent; never a key) to this file. Default: no audit log.',
  },
  'key-name-prefix': {
    kind: 'string',
    default: 'VAULT_UNSEAL_KEY_',
    description: 'Prefix of the environment variables read when unseal-keys is omitted (<prefix>1..N). Default VAULT_UNSEAL_KEY_.',
  },
} as const satisfies InputSpecs;

const DOC = 'vault.md';
export const UNSEAL_RULES: RuleMeta[] = [
  rule('vault-unsealed', 'Vault node unsealed', 'The node is unsealed (or already was). Informational.', 'note'),
  rule('vault-unreachable', 'Vault node unreachable', 'The node did not answer within the timeout. Check vault-addr, the network path, TLS (ca-cert) and raise timeout if Vault starts slowly.', 'error'),
  rule('vault-not-initialized', 'Vault not initialised', 'The node has never been initialised, so there is nothing to unseal. Run `hardline vault init` (the vault-init action or GitLab component) first.', 'error'),
  rule('vault-unseal-key-invalid', 'Unseal key rejected', 'Vault rejected a key, or the keys sent do not recombine to its key. The key named is wrong or belongs to another Vault; a rebuild changes every key. The unseal progress was reset.', 'error'),
  rule('vault-unseal-too-few-keys', 'Too few unseal keys', 'Fewer keys were given than the unseal threshold of the node.', 'error'),
  rule('vault-unseal-failed', 'Unseal failed', 'The node could not be unsealed; the message says what was tried.', 'error'),
];

const RULE_OF: Record<UnsealFailure, string> = {
  unreachable: 'vault-unreachable',
  'not-initialized': 'vault-not-initialized',
  'invalid-key': 'vault-unseal-key-invalid',
  'too-few-keys': 'vault-unseal-too-few-keys',
  interrupted: 'vault-unseal-failed',
  error: 'vault-unseal-failed',
};

export const unsealCommand = defineCommand({
  name: 'vault unseal',
  summary: 'Unseal every Vault node with Shamir keys from CI secrets',
  inputs: UNSEAL_INPUTS,
  auditInput: 'audit-log',
  async run({ inputs, env, platform, audit }) {
    const addrs = [...new Set(inputs['vault-addr'])];
    if (addrs.length === 0) throw new ConfigurationError('vault-addr is required: the address of at least one Vault node');
    const keys = inputs['unseal-keys'].length > 0 ? keysFromList(inputs['unseal-keys']) : keysFromEnv(env, inputs['key-name-prefix']);
    if (keys.length === 0) {
      throw new ConfigurationError(
        `no unseal keys: set unseal-keys, or the environment variables ${inputs['key-name-prefix']}1, ${inputs['key-name-prefix']}2, …`,
        {},
        'on GitHub pass them from secrets (unseal-keys: ${{ secrets.VAULT_UNSEAL_KEY_1 }},…) or as env of the step; on GitLab define them as masked, protected CI/CD variables',
      );
    }
    checkUnsealKeys(keys);
    if (inputs['tls-skip-verify']) {
      platform.warning('tls-skip-verify is true: the Vault TLS certificate is NOT verified, so anyone on the network path can impersonate Vault and read the unseal keys. Pass ca-cert instead.');
    }
    const results = await Promise.all(
      addrs.map(async (addr) => {
        const client = new VaultClient({ addr, caFile: inputs['ca-cert'], insecure: inputs['tls-skip-verify'], namespace: inputs.namespace });
        try {
          const t0 = Date.now();
          const r = await unsealNode(client, keys, { timeoutSec: inputs.timeout, log: (m) => platform.info(m) });
          audit.write({
            operation: 'vault.unseal',
            target: r.addr,
            outcome: r.outcome === 'failed' ? 'failed' : r.outcome === 'already-unsealed' ? 'unchanged' : 'ok',
            durationMs: Date.now() - t0,
            detail: { keysSent: r.keysSent, ...(r.failure ? { failure: r.failure } : {}) },
          });
          return r;
        } finally {
          client.close();
        }
      }),
    );
    return unsealResult(results, platform.error.bind(platform));
  },
});


/** Builds the report, outputs and exit code from the per-node results. */
export function unsealResult(results: NodeResult[], error: (message: string) => void = () => undefined) {
  const findings: Finding[] = results.map((r): Finding => {
    if (r.outcome !== 'failed') {
      return {
        ruleId: 'vault-unsealed',
        severity: 'note',
        message: r.outcome === 'already-unsealed' ? `Vault at ${r.addr} was already unsealed; no key was sent` : `Vault at ${r.addr} is unsealed (${r.keysSent} key${r.keysSent === 1 ? '' : 's'} sent, threshold ${r.status?.t ?? '?'})`,
        fingerprint: fingerprint('vault-unsealed', r.addr),
        properties: { addr: r.addr, outcome: r.outcome, keysSent: r.keysSent },
      };
    }
    const ruleId = RULE_OF[r.failure ?? 'error'];
    const message = r.error?.message ?? 'unseal failed';
    if (r.error) error(r.error.describe());
    return {
      ruleId,
      severity: 'error',
      message,
      helpText: r.error?.hint,
      helpUri: ruleHelpUri(DOC, ruleId),
      fingerprint: fingerprint(ruleId, r.addr),
      properties: { addr: r.addr, outcome: r.outcome, keysSent: r.keysSent },
    };
  });
  for (const r of results) {
    for (const label of r.badKeys ?? []) {
      findings.push({
        ruleId: 'vault-unseal-key-invalid',
        severity: 'warning',
        message: `${label} is not a share of the same key as the other unseal keys given for ${r.addr}: it was left out (replace it with the key Vault's init returned)`,
        helpUri: ruleHelpUri(DOC, 'vault-unseal-key-invalid'),
        fingerprint: fingerprint('vault-unseal-key-invalid', r.addr, label),
        properties: { addr: r.addr, key: label },
      });
    }
  }
  const first = results.find((r) => r.status)?.status;
  const sealed = results.some((r) => r.outcome === 'failed' || r.status?.sealed !== false);
  const failed = results.filter((r) => r.outcome === 'failed');
  const report = createReport('vault unseal', findings, UNSEAL_RULES, {
    nodes: results.length,
    unsealed: results.length - failed.length,
    threshold: first?.t ?? null,
    version: first?.version ?? null,
  });
  let exitCode: ExitCodeValue | undefined;
  if (failed.length > 0) exitCode = failed.some((r) => !(r.error instanceof ConfigurationError)) ? ExitCode.Operational : ExitCode.Configuration;
  const lastOf = results.find((r) => r.status?.sealed) ?? results.find((r) => r.status);
  return {
    report,
    exitCode,
    outputs: {
      sealed,
      progress: lastOf?.status?.progress ?? 0,
      threshold: first?.t ?? 0,
      version: first?.version ?? '',
      'cluster-name': results.find((r) => r.status?.cluster_name)?.status?.cluster_name ?? '',
    },
  };
}

function rule(id: string, title: string, help: string, defaultSeverity: RuleMeta['defaultSeverity']): RuleMeta {
  return { id, title, help, helpUri: ruleHelpUri(DOC, id), defaultSeverity, tags: ['vault'] };
}

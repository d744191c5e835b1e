/**
 * `hardline scan` / actions/secret-scan / templates/secret-scan.yml: gitleaks over the commits of a
 * pull request or push, the whole history, a directory or the index, with hardline's extension
 * rules; findings are redacted everywhere and fail the run (exit 1).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigurationError, defineCommand, createReport, redact, renderMarkdown, renderText, type CommandContext, type Finding, type InputSpecs } from '@hardline/core';
import { comment } from './comment-run';
import { checkToml, findRepoConfig, writeEffectiveConfig } from './config';
import { ENGINES, selectEngine } from './engine/select';
import { rulesFor } from './findings';
import { Git } from './git';
import { renderGitLabSecretDetection } from './report/gitlab';
import { EXTENSION_RULES } from './rules/extension';
import { makeWorkDir, runScan } from './scan';
import { detectScope } from './scope/auto';
import { resolveHistory, resolvePr, resolvePush } from './scope/range';
import { SCOPES, type ResolvedScope, type ScopeRequest } from './scope/types';
import { applySuppressions, readBaseline, readGitleaksIgnore } from './suppress';

export const SCAN_INPUTS = {
  scope: { kind: 'enum', values: SCOPES, default: 'auto', description: 'What to scan: auto (from the GitHub event or GitLab pipeline variables; on a developer machine the whole history), pr (merge-base..head), push (before..after), history (every commit), dir (the files under `path`) or staged (the index, for a pre-commit hook).' },
  base: { kind: 'string', description: 'pr: the base commit or branch; push: the commit before the push (all zeros for a new branch). Default: from the event.' },
  head: { kind: 'string', description: 'pr/push: the head commit. Default: from the event, else HEAD.' },
  path: { kind: 'string', default: '.', description: 'dir scope: the directory to scan (default the working directory). Other scopes: the git repository (default the working directory).' },
  engine: { kind: 'enum', values: ENGINES, default: 'auto', description: 'auto (a gitleaks on PATH, else on CI runners the pinned official release, verified by SHA-256, else the bundled WebAssembly build), native or wasm.' },
  config: { kind: 'string', description: 'A gitleaks TOML config (default .gitleaks.toml at the repository root, if present). `[extend] useDefault = true` keeps gitleaks\' default rules.' },
  'extension-rules': { kind: 'boolean', default: 'true', description: 'Add hardline\'s extension rules (plaintext Password: lines, weak default passwords in .env templates and Compose files) on top of the gitleaks rules.' },
  baseline: { kind: 'string', description: 'A previous JSON report (hardline --format json, or gitleaks): its findings are not reported again.' },
  'gitleaks-ignore': { kind: 'string', default: '.gitleaksignore', description: 'File of fingerprints to ignore (commit:file:rule:line or file:rule:line); a missing file ignores nothing.' },
  'first-parent': { kind: 'boolean', default: 'false', description: 'pr/push/history: follow only the first parent of merge commits (default: every parent is scanned).' },
  deepen: { kind: 'boolean', default: 'true', description: 'Shallow clones: fetch only as much more history as the scope needs. false: fail with the fetch-depth fix instead.' },
  remote: { kind: 'string', default: 'origin', description: 'The git remote fetched from when deepening a shallow clone.' },
  'gitlab-report': { kind: 'string', description: 'Write a GitLab secret detection report (gl-secret-detection-report.json, schema 15.x) here. Default on GitLab: gl-secret-detection-report.json; elsewhere none.' },
  comment: { kind: 'boolean', default: 'false', description: 'Write one pull request comment (GitHub) or merge request note (GitLab), updated in place, listing the findings and their .gitleaksignore lines. Fork pull requests: skipped silently.' },
  'github-token': { kind: 'secret', env: ['GITHUB_TOKEN'], description: 'Token for the pull request comment (needs pull-requests: write). Default: GITHUB_TOKEN.' },
  'gitlab-token': { kind: 'secret', env: ['HARDLINE_GITLAB_TOKEN', 'GITLAB_TOKEN'], description: 'Token for the merge request note (api scope). Default: GITLAB_TOKEN.' },
  timeout: { kind: 'duration', default: '15m', description: 'Longest a gitleaks run may take before it is stopped (exit 3).' },
} as const satisfies InputSpecs;

type Ctx = CommandContext<typeof SCAN_INPUTS>;

export const scanCommand = defineCommand({
  name: 'scan',
  summary: 'Scan commits, a directory or the index for secrets with gitleaks',
  inputs: SCAN_INPUTS,
  async run(ctx: Ctx) {
    const started = new Date();
    const { inputs, platform } = ctx;
    const root = path.resolve(ctx.cwd, inputs.path);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
      throw new ConfigurationError(`${platform.inputs.label('path')}: ${inputs.path} is not a directory`);
    }
    const git = new Git(root);
    const inGit = await git.isRepository();
    const request = requestScope(ctx, inGit);
    if (request.scope !== 'dir' && !inGit) {
      throw new ConfigurationError(`the ${request.scope} scope needs a git repository, and ${inputs.path} is not one`, {}, 'use --scope dir to scan files without git');
    }
    platform.info(`scope: ${request.scope} (${request.reason})`);
    const rangeOpts = { deepen: inputs.deepen, remote: inputs.remote, log: (m: string) => platform.info(m) };
    const scope = await resolveScope(git, request, root, rangeOpts);
    platform.info(`scanning ${scope.description}`);

    const repoConfig = findRepoConfig(root, inputs.config, ctx.cwd);
    const configDisplay = repoConfig ? path.relative(ctx.cwd, repoConfig) || repoConfig : undefined;
    if (repoConfig) checkToml(repoConfig, configDisplay as string);
    // The default .gitleaksignore sits at the scanned root; an explicit path is relative to the working directory.
    const ignoreFile = inputs['gitleaks-ignore'] === SCAN_INPUTS['gitleaks-ignore'].default ? path.join(root, '.gitleaksignore') : path.resolve(ctx.cwd, inputs['gitleaks-ignore']);
    const suppressions = {
      ignore: readGitleaksIgnore(ignoreFile),
      baseline: inputs.baseline ? readBaseline(path.resolve(ctx.cwd, inputs.baseline), inputs.baseline) : new Set<string>(),
    };

    const engine = await selectEngine(inputs.engine, { env: ctx.env, onRunner: platform.kind !== 'cli', log: (m) => platform.info(m) });
    platform.info(`engine: ${engine.description}`);

    const workDir = makeWorkDir();
    let outcome;
    try {
      const config = writeEffectiveConfig(workDir, { repoConfig, extensionRules: inputs['extension-rules'], commitTree: scope.kind !== 'dir' });
      outcome = await runScan(
        { engine, git: inGit ? git : null, scope, config, configDisplay, firstParent: inputs['first-parent'], timeoutMs: inputs.timeout * 1000, log: (m) => platform.debug(m) },
        workDir,
      );
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true }); // it holds the added lines, secrets included
    }
    const { kept, ignored, baselined } = applySuppressions(outcome.findings, suppressions);
    const report = createReport('scan', kept, rulesFor(kept, EXTENSION_RULES), {
      scope: request.scope,
      range: scope.description,
      engine: engine.kind,
      'commits-scanned': outcome.commitsScanned,
      'bytes-scanned': outcome.bytesScanned,
      ignored,
      baselined,
    });

    const gitlabReport = inputs['gitlab-report'] ?? (platform.kind === 'gitlab' ? 'gl-secret-detection-report.json' : undefined);
    if (gitlabReport) {
      const file = path.resolve(ctx.cwd, gitlabReport);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, redact(renderGitLabSecretDetection(kept, { start: started, end: new Date() })));
    }
    if (inputs.comment && scope.kind === 'commits') await comment(ctx, kept, outcome.commitsScanned);

    return {
      report,
      text: renderText(report, { color: platform.color }) + ignoreHelp(kept),
      markdown: renderMarkdown(report, 'hardline secret scan') + (kept.length > 0 ? `\n**False positive?** Add its line to \`.gitleaksignore\`:\n\n\`\`\`\n${kept.map(fp).join('\n')}\n\`\`\`\n` : ''),
      outputs: { engine: engine.kind, 'commits-scanned': outcome.commitsScanned, ...(gitlabReport ? { 'gitlab-report': gitlabReport } : {}) },
    };
  },
});

function fp(f: Finding): string {
  return String(f.properties?.gitleaksFingerprint ?? f.fingerprint);
}

/** The text report's tail: where each finding was introduced, and its .gitleaksignore line. */
function ignoreHelp(findings: readonly Finding[]): string {
  if (findings.length === 0) return '';
  const lines = ['', 'Introduced by:'];
  for (const f of findings) {
    const commit = typeof f.properties?.commit === 'string' ? ` in ${f.properties.commit.slice(0, 12)} by ${String(f.properties.author ?? '')} (${String(f.properties.date ?? '')})` : '';
    lines.push(`  ${f.file}:${f.line} ${f.ruleId}${commit}`);
  }
  lines.push('', 'Rotate each credential first: it stays in the git history. For a false positive, add its line to .gitleaksignore:');
  for (const f of findings) lines.push(`  ${fp(f)}`);
  return lines.join('\n') + '\n';
}

function requestScope(ctx: Ctx, inGit: boolean): ScopeRequest {
  const { inputs } = ctx;
  if (inputs.scope === 'auto') {
    const detected = detectScope(ctx.env, inGit);
    return { ...detected, base: inputs.base ?? detected.base, head: inputs.head ?? detected.head };
  }
  if (inputs.scope === 'pr' && !inputs.base) {
    throw new ConfigurationError(`${ctx.platform.inputs.label('base')} is required with scope pr: the base branch or commit of the pull request`);
  }
  return { scope: inputs.scope, base: inputs.base, head: inputs.head, branch: ctx.env.GITHUB_REF_NAME || ctx.env.CI_COMMIT_BRANCH, reason: 'requested' };
}

async function resolveScope(git: Git, req: ScopeRequest, root: string, opts: Parameters<typeof resolvePr>[3]): Promise<ResolvedScope> {
  switch (req.scope) {
    case 'pr':
      return resolvePr(git, req.base as string, req.head ?? 'HEAD', opts);
    case 'push':
      return resolvePush(git, req.base, req.head ?? 'HEAD', req.branch, opts);
    case 'history':
      return resolveHistory(git, opts);
    case 'staged':
      return { kind: 'staged', description: 'the staged changes (index)' };
    case 'dir':
      return { kind: 'dir', path: root, description: `the files under ${root}` };
  }
}

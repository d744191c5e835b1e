import { setPlatformMasker } from '../mask';
import { EnvInputSource, FlagInputSource, type InputSource } from '../inputs';
import { CliPlatform } from './cli';
import { GitHubPlatform } from './github';
import { GitLabPlatform } from './gitlab';
import type { Platform, PlatformKind } from './types';

/**
 * Which platform a run is on:
 *  - an action bundle (no argv flags) with GITHUB_ACTIONS=true → GitHub (inputs from INPUT_*);
 *  - GITLAB_CI=true → GitLab (flags first, then HARDLINE_* variables set by the component);
 *  - otherwise the CLI. `prefer` forces one (tests).
 */
export function detectPlatform(flags: FlagInputSource | null, env: NodeJS.ProcessEnv = process.env, prefer?: PlatformKind): Platform {
  const kind: PlatformKind =
    prefer ?? (env.GITHUB_ACTIONS === 'true' && !flags ? 'github' : env.GITLAB_CI === 'true' ? 'gitlab' : 'cli');
  let platform: Platform;
  if (kind === 'github') platform = new GitHubPlatform(env);
  else if (kind === 'gitlab') platform = new GitLabPlatform(env, flags ? flagsOverVariables(flags, env) : undefined);
  else platform = new CliPlatform(flags ?? new FlagInputSource(new Map(), []), env);
  setPlatformMasker((part) => platform.registerMask(part));
  return platform;
}

function flagsOverVariables(flags: FlagInputSource, env: NodeJS.ProcessEnv): InputSource {
  const vars = new EnvInputSource('gitlab', env);
  return {
    kind: 'gitlab',
    get: (n) => flags.get(n) ?? vars.get(n),
    all: (n) => (flags.all(n).length > 0 ? flags.all(n) : vars.all(n)),
    label: (n) => (flags.get(n) !== undefined ? `--${n}` : vars.label(n)),
    positionals: () => flags.positionals(),
  };
}

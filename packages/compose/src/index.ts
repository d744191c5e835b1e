export { composeCommand, COMPOSE_INPUTS } from './command';
export { loadProjects } from './load';
export { RULES, RULE_METAS, runRules, ruleById } from './rules';
export type { Problem, Rule, RuleContext } from './rules';
export { loadConfig, defaultConfig, CONFIG_SCHEMA, type ComposeConfig } from './config';
export type { ComposeProject, EnvValue, LoadOptions, LoadResult, Position } from './model';

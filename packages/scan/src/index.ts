export { scanCommand, SCAN_INPUTS } from './command';
export { selectEngine, ENGINES, type EngineChoice } from './engine/select';
export type { Engine, EngineKind } from './engine/types';
export { renderGitLabSecretDetection } from './report/gitlab';
export { EXTENSION_RULES } from './rules/extension';

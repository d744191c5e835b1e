import { ruleHelpUri, type RuleMeta } from '@hardline/core';
import type { Rule, RuleContext } from './types';

/** Declares a rule: its help link points at its anchor in docs/compose.md. */
export function defineRule(meta: Omit<RuleMeta, 'helpUri' | 'tags'> & { tags?: string[] }, check: (ctx: RuleContext) => void): Rule {
  return { meta: { ...meta, helpUri: ruleHelpUri('compose.md', meta.id), tags: meta.tags ?? ['security', 'compose'] }, check };
}

/**
 * The plan as people read it: one line per object that changes (create +, update ~ with the
 * changed fields, delete -, conflict !), unchanged objects counted, values of secret fields never
 * shown. Text for logs, markdown for the job summary.
 */
import type { ApplyResult } from './apply';
import { countActions } from './diff';
import type { FieldChange, Plan, PlanEntry } from './model';

const SIGN: Record<PlanEntry['action'], string> = { create: '+', update: '~', delete: '-', unchanged: '=', conflict: '!' };

export interface RenderContext {
  mode: 'plan' | 'apply';
  file: string;
  vault: string;
  apply?: ApplyResult;
  issued?: Array<{ role: string; mount: string; wrapped: boolean }>;
}

export function describeChange(c: FieldChange): string {
  if (c.from === undefined && c.to === undefined) return `${c.field} (value hidden)`;
  if (c.from === undefined) return `${c.field} = ${c.to}`;
  if (c.to === undefined) return `${c.field} (unset)`;
  return `${c.field}: ${c.from} → ${c.to}`;
}

export function entryLine(e: PlanEntry): string {
  const head = `${SIGN[e.action]} ${e.id}`;
  if (e.action === 'update' || e.action === 'conflict') {
    const changes = e.changes.map(describeChange).join('; ');
    return `${head} (${changes})${e.reason ? `: ${e.reason}` : ''}`;
  }
  return head;
}

export function summaryLine(plan: Plan): string {
  const n = countActions(plan);
  const parts = [`${n.create} to create`, `${n.update} to update`, `${n.delete} to delete`, `${n.unchanged} unchanged`];
  if (n.conflict) parts.push(`${n.conflict} in conflict`);
  return parts.join(', ');
}

export function renderPlanText(plan: Plan, ctx: RenderContext): string {
  const lines = [`vault sync ${ctx.mode}: ${ctx.file} → ${ctx.vault}`];
  const changing = plan.entries.filter((e) => e.action !== 'unchanged');
  for (const e of changing) lines.push(`  ${entryLine(e)}`);
  if (changing.length === 0) lines.push('  no changes: Vault matches the file');
  lines.push(`Plan: ${summaryLine(plan)}.`);
  if (ctx.apply) lines.push(...applyLines(ctx.apply));
  else if (changing.some((e) => e.action !== 'conflict')) lines.push('Nothing was changed (plan only). Run with --apply to make these changes.');
  for (const s of ctx.issued ?? []) lines.push(`Issued a ${s.wrapped ? 'response-wrapped ' : ''}SecretID for ${s.mount}/${s.role} (masked; see the secret-ids output).`);
  return lines.join('\n') + '\n';
}

function applyLines(r: ApplyResult): string[] {
  const lines = [`Applied: ${r.applied.length} object(s), ${r.writes} write(s).`];
  for (const f of r.failed) lines.push(`Failed: ${f.entry.id}: ${f.error.message}`);
  if (r.notAttempted.length) lines.push(`Not attempted (after the failure): ${r.notAttempted.map((e) => e.id).join(', ')}`);
  if (r.failed.length) lines.push('Rerun vault sync: it reads the live state again and converges.');
  return lines;
}

export function renderPlanMarkdown(plan: Plan, ctx: RenderContext): string {
  const lines = [`### hardline vault sync (${ctx.mode})`, '', `\`${ctx.file}\` → ${ctx.vault}: ${summaryLine(plan)}.`, ''];
  const changing = plan.entries.filter((e) => e.action !== 'unchanged');
  if (changing.length) {
    lines.push('| | Object | Changes |', '|---|---|---|');
    for (const e of changing) lines.push(`| ${SIGN[e.action]} ${e.action} | ${e.id} | ${e.changes.map(describeChange).join('<br>').replace(/\|/g, '\\|')}${e.reason ? ` ${e.reason}` : ''} |`);
    lines.push('');
  }
  if (ctx.apply) lines.push(...applyLines(ctx.apply), '');
  return lines.join('\n');
}

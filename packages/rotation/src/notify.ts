/**
 * After a run: one message to a Discord or Slack incoming webhook saying what was rotated, where,
 * and what failed (with the recovery file's name) — never a value. The webhook URL is itself a
 * secret (anyone holding it can post) and is masked; messages go through redact() as a last guard.
 * Delivery is best effort: a failed notification is reported as a warning, never fails the rotation.
 */
import { HttpClient, mask, OperationalError, redact, safeUrl } from '@hardline/core';
import type { EntryResult } from './procedure';

export type WebhookKind = 'slack' | 'discord';

export function webhookKind(url: string, kind: 'auto' | WebhookKind = 'auto'): WebhookKind {
  if (kind !== 'auto') return kind;
  try {
    const host = new URL(url).hostname;
    return /(^|\.)discord(app)?\.com$/.test(host) ? 'discord' : 'slack';
  } catch {
    return 'slack';
  }
}

/** The message text: entry names, sinks, outcomes. Built only from non-secret fields. */
export function notificationText(results: readonly EntryResult[], opts: { dryRun: boolean; where?: string }): string {
  const lines: string[] = [];
  const head = opts.dryRun ? 'hardline rotate (dry run)' : 'hardline rotate';
  lines.push(`${head}${opts.where ? ` — ${opts.where}` : ''}`);
  for (const r of results) {
    const sinks = r.sinks.map((s) => `${s.label}${s.ok ? '' : ' (FAILED)'}`).join(', ');
    switch (r.status) {
      case 'rotated':
        lines.push(`• ${r.entry}: rotated (${r.source}) into ${sinks}`);
        break;
      case 'planned':
        lines.push(`• ${r.entry}: would rotate (${r.source}) into ${sinks}`);
        break;
      case 'skipped':
        lines.push(`• ${r.entry}: skipped — ${r.reason ?? 'preflight failed'}`);
        break;
      case 'failed':
        lines.push(`• ${r.entry}: FAILED at ${r.failedStep ?? 'an unknown step'} — ${r.reason ?? ''}${r.recoveryFile ? ` (new value sealed in ${r.recoveryFile})` : ''}`);
        break;
    }
  }
  return redact(lines.join('\n'));
}

export async function notify(url: string, text: string, opts: { kind?: 'auto' | WebhookKind; http?: HttpClient } = {}): Promise<void> {
  mask(url);
  // The webhook path holds its token: mask it too, so safeUrl() output stays harmless.
  try {
    const u = new URL(url);
    if (u.pathname.length > 1) mask(u.pathname);
  } catch {
    /* an invalid URL fails in the request below */
  }
  const kind = webhookKind(url, opts.kind ?? 'auto');
  const body = kind === 'discord' ? { content: text.slice(0, 2000), allowed_mentions: { parse: [] } } : { text };
  const http = opts.http ?? new HttpClient({ service: kind === 'discord' ? 'Discord webhook' : 'Slack webhook' });
  try {
    const res = await http.request({ method: 'POST', url, body, idempotent: false });
    if (res.status >= 300) throw new OperationalError(`the ${kind} webhook at ${redact(safeUrl(url))} answered HTTP ${res.status}`, [`POST ${redact(safeUrl(url))} → HTTP ${res.status}`]);
  } finally {
    if (!opts.http) http.close();
  }
}

/** Profiles: services with `profiles:` run only when one of them is active (--profile, COMPOSE_PROFILES, `*` for all). */
import { isRecord } from './located';

export function activeProfiles(explicit: readonly string[] | undefined, composeProfiles: string | undefined): Set<string> {
  const list = explicit && explicit.length ? explicit : (composeProfiles ?? '').split(',');
  return new Set(list.map((p) => p.trim()).filter(Boolean));
}

export function isActive(svc: unknown, active: ReadonlySet<string>): boolean {
  if (!isRecord(svc) || !Array.isArray(svc.profiles) || svc.profiles.length === 0) return true;
  if (active.has('*')) return true;
  return svc.profiles.some((p) => active.has(String(p)));
}

/** Remove inactive services from the model; returns them by name with their profiles. */
export function applyProfiles(model: { services: Record<string, Record<string, unknown>> }, active: ReadonlySet<string>): Map<string, string[]> {
  const removed = new Map<string, string[]>();
  for (const [name, svc] of Object.entries(model.services)) {
    if (isActive(svc, active)) continue;
    removed.set(name, (svc.profiles as unknown[]).map(String));
    delete model.services[name];
  }
  return removed;
}

/**
 * After interpolation Compose converts strings at typed paths back to booleans and numbers
 * (compose-go's interpolation type casts), so `privileged: ${PRIV:-true}` means `true`, not "true".
 * Values that do not convert are left as written for the schema to judge.
 */
import { isContainer } from './located';

type Cast = 'bool' | 'int' | 'float';

const SERVICE_CASTS: Array<[string, Cast]> = [
  ['configs.[].mode', 'int'], ['secrets.[].mode', 'int'],
  ['cpu_count', 'int'], ['cpu_percent', 'float'], ['cpu_period', 'int'], ['cpu_quota', 'int'], ['cpu_rt_period', 'int'],
  ['cpu_rt_runtime', 'int'], ['cpus', 'float'], ['cpu_shares', 'int'], ['init', 'bool'],
  ['deploy.replicas', 'int'], ['deploy.update_config.parallelism', 'int'], ['deploy.update_config.max_failure_ratio', 'float'],
  ['deploy.rollback_config.parallelism', 'int'], ['deploy.rollback_config.max_failure_ratio', 'float'],
  ['deploy.restart_policy.max_attempts', 'int'], ['deploy.placement.max_replicas_per_node', 'int'],
  ['deploy.resources.limits.cpus', 'float'], ['deploy.resources.reservations.cpus', 'float'], ['deploy.resources.limits.pids', 'int'],
  ['healthcheck.retries', 'int'], ['healthcheck.disable', 'bool'], ['oom_kill_disable', 'bool'], ['oom_score_adj', 'int'],
  ['pids_limit', 'int'], ['ports.[].target', 'int'], ['privileged', 'bool'], ['read_only', 'bool'], ['scale', 'int'],
  ['stdin_open', 'bool'], ['tty', 'bool'], ['ulimits.*', 'int'], ['ulimits.*.hard', 'int'], ['ulimits.*.soft', 'int'],
  ['volumes.[].read_only', 'bool'], ['volumes.[].volume.nocopy', 'bool'], ['depends_on.*.required', 'bool'], ['depends_on.*.restart', 'bool'],
];
const TOP_CASTS: Array<[string, Cast]> = [
  ['networks.*.external', 'bool'], ['networks.*.internal', 'bool'], ['networks.*.attachable', 'bool'], ['networks.*.enable_ipv6', 'bool'],
  ['volumes.*.external', 'bool'], ['secrets.*.external', 'bool'], ['configs.*.external', 'bool'],
];

interface Trie {
  cast?: Cast;
  children: Map<string, Trie>;
}

function build(): Trie {
  const root: Trie = { children: new Map() };
  const add = (segs: string[], cast: Cast) => {
    let t = root;
    for (const s of segs) {
      let next = t.children.get(s);
      if (!next) {
        next = { children: new Map() };
        t.children.set(s, next);
      }
      t = next;
    }
    t.cast = cast;
  };
  for (const [p, c] of SERVICE_CASTS) add(['services', '*', ...p.split('.')], c);
  for (const [p, c] of TOP_CASTS) add(p.split('.'), c);
  return root;
}

const TRIE = build();
const TRUE = new Set(['y', 'yes', 'true', 'on']);
const FALSE = new Set(['n', 'no', 'false', 'off']);

function convert(v: string, cast: Cast): unknown {
  const s = v.trim();
  if (cast === 'bool') {
    const l = s.toLowerCase();
    return TRUE.has(l) ? true : FALSE.has(l) ? false : v;
  }
  if (cast === 'int') return /^[-+]?\d+$/.test(s) ? Number(s) : v;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : v;
}

/** Convert typed string values in place. */
export function castTypes(root: unknown): void {
  const visit = (node: unknown, trie: Trie): void => {
    if (!isContainer(node)) return;
    if (Array.isArray(node)) {
      const t = trie.children.get('[]');
      if (!t) return;
      node.forEach((v, i) => {
        if (typeof v === 'string' && t.cast) node[i] = convert(v, t.cast);
        else visit(v, t);
      });
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      const t = trie.children.get(k) ?? trie.children.get('*');
      if (!t) continue;
      if (typeof v === 'string' && t.cast) (node as Record<string, unknown>)[k] = convert(v, t.cast);
      else visit(v, t);
    }
  };
  visit(root, TRIE);
}

/**
 * Reading YAML configuration files (.hardline.yml, vault.yml, rotation.yml) with positions:
 * duplicate keys and alias bombs are errors, and every node can be located as file:line:column.
 */
import * as fs from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ConfigurationError } from './errors';

export type PathSegment = string | number;

export interface LocatedYaml {
  file: string;
  value: unknown;
  doc: Document;
  /** 1-based line and column of the node at `path` (or of its nearest existing parent). */
  locate(path: readonly PathSegment[], which?: 'key' | 'value'): { line: number; column: number };
}

export const MAX_CONFIG_BYTES = 5 * 1024 * 1024;

export function readYamlFile(file: string, displayName = file): LocatedYaml {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new ConfigurationError(`${displayName} is a directory, expected a YAML file`, { file: displayName });
    if (st.size > MAX_CONFIG_BYTES) throw new ConfigurationError(`${displayName} is ${st.size} bytes; expected a YAML file under ${MAX_CONFIG_BYTES} bytes`, { file: displayName });
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof ConfigurationError) throw err;
    throw new ConfigurationError(`cannot read ${displayName}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { file: displayName });
  }
  return parseYamlText(text, displayName);
}

export function parseYamlText(text: string, file: string): LocatedYaml {
  if (text.includes('\u0000')) throw new ConfigurationError(`${file} looks like a binary file, expected YAML text`, { file, line: 1 });
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const problem = doc.errors[0];
  if (problem) {
    const pos = lineCounter.linePos(problem.pos[0]);
    throw new ConfigurationError(`invalid YAML: ${firstLine(problem.message)}`, { file, line: pos.line, column: pos.col });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new ConfigurationError(`invalid YAML: ${firstLine((err as Error).message)} (aliases expand too far)`, { file, line: 1 });
  }
  const locate = (path: readonly PathSegment[], which: 'key' | 'value' = 'value') => {
    const node = findNode(doc, path, which);
    const offset = node?.range?.[0] ?? 0;
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return { file, value, doc, locate };
}

function findNode(doc: Document, path: readonly PathSegment[], which: 'key' | 'value'): Node | undefined {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (!pair) return (node as Node) ?? undefined;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) return node as Node;
      keyNode = undefined;
      node = item;
    } else {
      return (node as Node) ?? undefined;
    }
  }
  if (which === 'key' && keyNode) return keyNode;
  return (node as Node) ?? keyNode;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

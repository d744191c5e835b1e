#!/usr/bin/env node
// Generates the README's reference section (every action's inputs and outputs, every GitLab
// component's inputs) from actions/*/action.yml and templates/*.yml, between the markers
// <!-- reference:start --> and <!-- reference:end -->. `--check` fails when the README is stale
// (the test suite runs it), so a changed input cannot ship with old docs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- reference:start -->';
const END = '<!-- reference:end -->';

export function reference() {
  const out = [];
  const cell = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').trim();
  const actions = fs.existsSync(path.join(root, 'actions')) ? fs.readdirSync(path.join(root, 'actions')).sort() : [];
  for (const name of actions) {
    const file = path.join(root, 'actions', name, 'action.yml');
    if (!fs.existsSync(file)) continue;
    const a = parse(fs.readFileSync(file, 'utf8'));
    out.push(`### \`actions/${name}\``, '', cell(a.description), '');
    out.push('| Input | Default | Description |', '|---|---|---|');
    for (const [k, v] of Object.entries(a.inputs ?? {})) out.push(`| \`${k}\` | ${v.default !== undefined && v.default !== '' ? `\`${cell(v.default)}\`` : v.required ? '**required**' : ''} | ${cell(v.description)} |`);
    out.push('', '| Output | Description |', '|---|---|');
    for (const [k, v] of Object.entries(a.outputs ?? {})) out.push(`| \`${k}\` | ${cell(v.description)} |`);
    out.push('');
  }
  const templates = fs.existsSync(path.join(root, 'templates')) ? fs.readdirSync(path.join(root, 'templates')).filter((f) => f.endsWith('.yml')).sort() : [];
  if (templates.length) out.push('### GitLab components', '');
  for (const t of templates) {
    const [header] = parseAllDocuments(fs.readFileSync(path.join(root, 'templates', t), 'utf8'));
    const inputs = header.toJS()?.spec?.inputs ?? {};
    out.push(`#### \`${t.replace(/\.yml$/, '')}\``, '', '| Input | Default | Description |', '|---|---|---|');
    for (const [k, v] of Object.entries(inputs)) out.push(`| \`${k}\` | ${v?.default !== undefined && v?.default !== '' ? `\`${cell(JSON.stringify(v.default).replace(/^"|"$/g, ''))}\`` : ''} | ${cell(v?.description)} |`);
    out.push('');
  }
  return out.join('\n');
}

function render(readme) {
  const s = readme.indexOf(START);
  const e = readme.indexOf(END);
  if (s < 0 || e < 0) throw new Error('README.md lacks the reference markers');
  return readme.slice(0, s + START.length) + '\n' + reference() + '\n' + readme.slice(e);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = path.join(root, 'README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const next = render(readme);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md reference section is stale: run `node scripts/readme-reference.mjs`');
      process.exit(1);
    }
    console.log('README.md reference is up to date');
  } else {
    fs.writeFileSync(file, next);
  }
}

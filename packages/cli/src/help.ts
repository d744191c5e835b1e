import { allInputs, TOOL_VERSION, type Command } from '@hardline/core';
import { COMMANDS } from './commands';

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.words.join(' ').length));
  return [
    `hardline ${TOOL_VERSION}: infrastructure hardening checks and jobs`,
    '',
    'Usage: hardline <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'Run `hardline <command> --help` for its options.',
    'Exit codes: 0 clean · 1 findings at or above --fail-on · 2 bad input or configuration · 3 a service or tool failed after retries',
    '',
  ].join('\n');
}

export function commandHelp(cmd: Command): string {
  const specs = allInputs(cmd);
  const lines = [`hardline ${cmd.name}: ${cmd.summary}`, '', `Usage: hardline ${cmd.name} [options]`, '', 'Options:'];
  for (const [name, spec] of Object.entries(specs)) {
    const flag = spec.kind === 'boolean' ? `--${name}` : `--${name} ${spec.kind === 'list' || spec.kind === 'secret-list' ? 'VALUE…' : 'VALUE'}`;
    const extra = [
      spec.default !== undefined ? `default: ${spec.default}` : '',
      spec.values ? `one of: ${spec.values.join(', ')}` : '',
      spec.env?.length ? `env: ${spec.env.join(', ')}` : '',
      spec.aliases?.length ? `also --${spec.aliases.join(', --')}` : '',
      spec.positional ? 'also as arguments' : '',
    ].filter(Boolean);
    lines.push(`  ${flag}`, `      ${spec.description}${extra.length ? ` (${extra.join('; ')})` : ''}`);
  }
  return lines.join('\n') + '\n';
}

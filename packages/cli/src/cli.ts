import { describeError, exitCodeOf, runCommand, TOOL_VERSION, type ExitCodeValue } from '@hardline/core';
import { COMMANDS } from './commands';
import { commandHelp, mainHelp } from './help';

/** `hardline <words…> [options]`: finds the longest matching command and runs it. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<ExitCodeValue> {
  try {
    return await dispatch(argv, env);
  } catch (err) {
    // runCommand handles a command's own failures; this catches the rest (a part that fails to load)
    // so that nothing ends in an unhandled rejection with a stack trace.
    process.stderr.write(`hardline: ${describeError(err)}\n`);
    return exitCodeOf(err);
  }
}

async function dispatch(argv: string[], env: NodeJS.ProcessEnv): Promise<ExitCodeValue> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(mainHelp());
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version' || argv[0] === '-V') {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const entry = [...COMMANDS]
    .sort((a, b) => b.words.length - a.words.length)
    .find((c) => c.words.every((w, i) => argv[i] === w));
  if (!entry) {
    process.stderr.write(`hardline: unknown command "${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}"\n\n${mainHelp()}`);
    return 2;
  }
  const cmd = entry.load();
  const rest = argv.slice(entry.words.length);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp(cmd));
    return 0;
  }
  return runCommand(cmd, { argv: rest, env });
}

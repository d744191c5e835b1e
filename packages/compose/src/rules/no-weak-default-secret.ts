import { defineRule } from './define';
import { sourceLabel } from './no-trust-auth';
import { environment, envPath, isFlagValue, isPlaceholder, isSecretName, isWeakValue, services } from './util';

export const noWeakDefaultSecret = defineRule(
  {
    id: 'no-weak-default-secret',
    title: 'Weak or default secret',
    defaultSeverity: 'error',
    help:
      'A password, secret or token variable whose value is a well-known default (postgrespassword, changeme, admin…) or shorter than ' +
      '16 characters is the first thing an attacker tries. The finding points at the line where the value is written (the compose ' +
      'file, an env_file or .env). Generate a long random value (`openssl rand -base64 32`), keep it out of the repository, and pass ' +
      'it through compose `secrets:` or a CI secret variable.',
  },
  ({ project, config, report }) => {
    for (const [name] of services(project)) {
      for (const [variable, v] of environment(project, name)) {
        if (!isSecretName(variable) || isPlaceholder(v.value) || isFlagValue(v.value)) continue;
        let why: string | undefined;
        if (isWeakValue(v.value, config.weakPasswords)) why = 'is a known weak default';
        else if (v.value.length < config.minSecretLength) why = `is only ${v.value.length} characters long (at least ${config.minSecretLength} expected)`;
        if (!why) continue;
        report({
          service: name,
          path: envPath(name, variable),
          at: v.origin,
          detail: variable,
          message: `service "${name}": the value of ${variable} ${why}${v.source !== 'compose' ? ` (set in ${sourceLabel(v.source)})` : ''}`,
        });
      }
    }
  },
);

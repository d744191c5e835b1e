import { defineRule } from './define';
import { environment, envPath, isFlagValue, isPlaceholder, isSecretName, services } from './util';

export const noPlaintextSecretEnv = defineRule(
  {
    id: 'no-plaintext-secret-env',
    title: 'Secret written in the compose file',
    defaultSeverity: 'warning',
    help:
      'A password, secret or token written as a literal in the compose file is committed with it and visible to everyone who can ' +
      'read the repository, `docker inspect` or the process environment. Use compose `secrets:` (and the image\'s *_FILE variable) ' +
      'or interpolate it from the environment with `${VAR:?}` so the value stays in the CI secret store.',
  },
  ({ project, report }) => {
    for (const [name] of services(project)) {
      for (const [variable, v] of environment(project, name)) {
        if (v.source !== 'compose' || !isSecretName(variable) || isPlaceholder(v.value) || isFlagValue(v.value)) continue;
        report({
          service: name,
          path: envPath(name, variable),
          at: v.origin,
          detail: variable,
          message: `service "${name}": ${variable} is written as a literal in the compose file`,
        });
      }
    }
  },
);

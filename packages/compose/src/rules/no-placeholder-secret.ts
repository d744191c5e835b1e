import { defineRule } from './define';
import { sourceLabel } from './no-trust-auth';
import { environment, envPath, isPlaceholder, isSecretName, services } from './util';

export const noPlaceholderSecret = defineRule(
  {
    id: 'no-placeholder-secret',
    title: 'Placeholder secret',
    defaultSeverity: 'error',
    help:
      'A secret-named variable that receives a placeholder (`__UNSET__`, `CHANGE_ME…`, `<password>`) or an empty value means the real ' +
      'secret was never provided: the service starts with a guessable or empty password, or fails late at runtime. Provide the value ' +
      'from a CI secret or compose `secrets:`, and use `${VAR:?message}` so a missing value stops `docker compose up` instead.',
  },
  ({ project, report }) => {
    for (const [name] of services(project)) {
      for (const [variable, v] of environment(project, name)) {
        if (!isSecretName(variable) || !isPlaceholder(v.value)) continue;
        const what = v.value.trim() === '' ? 'is empty' : 'is a placeholder';
        report({
          service: name,
          path: envPath(name, variable),
          at: v.origin,
          detail: variable,
          message: `service "${name}": the value of ${variable} ${what}${v.source !== 'compose' ? ` (set in ${sourceLabel(v.source)})` : ''}`,
        });
      }
    }
  },
);

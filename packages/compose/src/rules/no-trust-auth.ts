import { defineRule } from './define';
import { environment, envPath, services } from './util';

interface TrustSetting {
  name: RegExp;
  enables(value: string): boolean;
  what: string;
}

const truthy = (v: string) => /^(true|yes|on|1|y)$/i.test(v.trim());
const nonEmpty = (v: string) => v.trim() !== '' && !/^(false|no|off|0|n)$/i.test(v.trim());

export const TRUST_SETTINGS: TrustSetting[] = [
  { name: /^POSTGRES_HOST_AUTH_METHOD$/, enables: (v) => v.trim().toLowerCase() === 'trust', what: 'lets anyone connect to PostgreSQL without a password' },
  { name: /^(MYSQL|MARIADB)_ALLOW_EMPTY(_ROOT)?_PASSWORD$/, enables: nonEmpty, what: 'allows a database root user without a password' },
  { name: /^ALLOW_EMPTY_PASSWORD$/, enables: truthy, what: 'allows the service to run without a password' },
  { name: /^NEO4J_AUTH$/, enables: (v) => v.trim().toLowerCase() === 'none', what: 'turns Neo4j authentication off' },
  { name: /^xpack\.security\.enabled$/, enables: (v) => /^false$/i.test(v.trim()), what: 'turns Elasticsearch authentication off' },
  { name: /^GF_AUTH_ANONYMOUS_ENABLED$/, enables: truthy, what: 'gives anonymous visitors access to Grafana' },
  { name: /^(REDIS|VALKEY)_PROTECTED_MODE$/, enables: (v) => /^no$/i.test(v.trim()), what: 'turns Redis protected mode off' },
];

export const noTrustAuth = defineRule(
  {
    id: 'no-trust-auth',
    title: 'Authentication disabled',
    defaultSeverity: 'error',
    help:
      'Settings such as POSTGRES_HOST_AUTH_METHOD=trust or MYSQL_ALLOW_EMPTY_PASSWORD let any process that can reach the port log in ' +
      'as any user without a password, including other containers and, with a published port, the network. Remove the setting ' +
      '(wherever it is written: the compose file, an env_file or .env) and give the service a strong password through compose ' +
      '`secrets:` (e.g. POSTGRES_PASSWORD_FILE=/run/secrets/db_password).',
  },
  ({ project, report }) => {
    for (const [name] of services(project)) {
      for (const [variable, v] of environment(project, name)) {
        const setting = TRUST_SETTINGS.find((s) => s.name.test(variable));
        if (setting && setting.enables(v.value)) {
          report({
            service: name,
            path: envPath(name, variable),
            at: v.origin,
            detail: variable,
            message: `service "${name}": ${variable} ${setting.what}${v.source !== 'compose' ? ` (value from ${sourceLabel(v.source)})` : ''}`,
          });
        }
      }
    }
  },
);

export function sourceLabel(source: string): string {
  switch (source) {
    case 'env_file':
      return 'an env_file';
    case 'dotenv':
      return '.env interpolation';
    case 'environment':
      return 'the environment';
    case 'default':
      return 'an interpolation default';
    default:
      return 'the compose file';
  }
}

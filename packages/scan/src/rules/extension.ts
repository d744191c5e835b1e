/**
 * hardline's extension rules as text (rules/extension.toml is the readable source; a unit test keeps the two
 * identical) and their metadata for reports.
 */
import { ruleHelpUri, type RuleMeta } from '@hardline/core';

export const EXTENSION_TOML = "# hardline's extension rules, applied on top of gitleaks' default rules (or of the repository's\n# own .gitleaks.toml). Source of truth for rules/extension.ts (a unit test keeps them identical).\n\n[[rules]]\nid = \"hardline-ssh-plaintext-password\"\ndescription = \"Plaintext Password: line in an SSH-style configuration file\"\nregex = '''(?m)^[ \\t]*Password[ \\t]*:[ \\t]*([^\\s'\"#]{4,}|\"[^\"\\r\\n]{4,}\"|'[^'\\r\\n]{4,}')[ \\t]*\\r?$'''\nsecretGroup = 1\nkeywords = [\"password\"]\ntags = [\"hardline\", \"password\"]\n[[rules.allowlists]]\nregexTarget = \"secret\"\nregexes = ['''^[\"']?(?:\\$\\{?[A-Za-z_][A-Za-z0-9_]*\\}?|\\{\\{.*\\}\\}|<[^>]*>|\\*+|CHANGE_ME_STRONG_PASSWORD|__UNSET__)[\"']?$''']\n\n[[rules]]\nid = \"hardline-weak-default-password\"\ndescription = \"Known weak default password assigned to a password or secret variable in an .env template or Compose file\"\nregex = '''(?im)^[ \\t]*(?:-[ \\t]*)?[\"']?[A-Z0-9_.]*(?:PASSWORD|PASSWD|PASS|SECRET|PWD)[A-Z0-9_.]*[\"']?[ \\t]*[:=][ \\t]*[\"']?(postgrespassword|redispassword|infra_password|changeme|change_me|password|passw0rd|secret|admin|root|postgres|redis|123456|12345678|letmein|default)[\"']?[ \\t]*\\r?$'''\npath = '''(?i)(?:^|/)(?:\\.env[^/]*|[^/]*\\.env|[^/]*compose[^/]*\\.ya?ml)$'''\nsecretGroup = 1\nkeywords = [\"pass\", \"secret\", \"pwd\"]\ntags = [\"hardline\", \"password\", \"weak-default\"]\n\n# Placeholders are not leaks, whatever rule matches them.\n[[allowlists]]\ndescription = \"hardline placeholders\"\nregexTarget = \"secret\"\nregexes = ['''CHANGE_ME_STRONG_PASSWORD''', '''__UNSET__''']\n";

export const EXTENSION_RULES: RuleMeta[] = [
  {
    id: 'hardline-ssh-plaintext-password',
    title: 'Plaintext Password: line in an SSH-style configuration',
    help: 'A configuration file holds a password in clear text on a "Password:" line. Move the password to the CI secret store or Vault, reference it through a variable, and rotate it: it stays in the git history.',
    helpUri: ruleHelpUri('scan.md', 'hardline-ssh-plaintext-password'),
    defaultSeverity: 'error',
    tags: ['security', 'secret', 'password'],
  },
  {
    id: 'hardline-weak-default-password',
    title: 'Known weak default password in an .env template or Compose file',
    help: 'A password or secret variable is set to a well-known default (postgrespassword, redispassword, infra_password, changeme…). Use a placeholder such as CHANGE_ME_STRONG_PASSWORD or __UNSET__ in templates and inject real values from the secret store.',
    helpUri: ruleHelpUri('scan.md', 'hardline-weak-default-password'),
    defaultSeverity: 'error',
    tags: ['security', 'secret', 'password'],
  },
];

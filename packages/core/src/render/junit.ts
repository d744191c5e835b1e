import type { Finding, Report } from '../report';

/** JUnit XML: one testsuite per file, one failed testcase per finding; a clean run is one passing testcase. */
export function renderJUnit(report: Report): string {
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = f.file ?? report.command;
    const list = byFile.get(key) ?? [];
    list.push(f);
    byFile.set(key, list);
  }
  const suites: string[] = [];
  for (const [file, findings] of byFile) {
    const cases = findings.map((f) => {
      const where = f.line !== undefined ? `${file}:${f.line}${f.column !== undefined ? `:${f.column}` : ''}` : file;
      return (
        `    <testcase classname="${esc(file)}" name="${esc(`${f.ruleId} at ${where}`)}">\n` +
        `      <failure type="${f.severity}" message="${attr(f.message)}">${esc(`${where}: ${f.severity} ${f.ruleId}: ${f.message}`)}</failure>\n` +
        `    </testcase>`
      );
    });
    suites.push(
      `  <testsuite name="${esc(file)}" tests="${findings.length}" failures="${findings.length}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  if (suites.length === 0) {
    suites.push(
      `  <testsuite name="hardline ${esc(report.command)}" tests="1" failures="0" errors="0" skipped="0">\n    <testcase classname="hardline" name="${esc(`hardline ${report.command}: no findings`)}"/>\n  </testsuite>`,
    );
  }
  const total = Math.max(report.findings.length, 1);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="hardline ${esc(report.command)}" tests="${total}" failures="${report.findings.length}" errors="0">\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
}

/** Attribute values: line breaks as character references, or parsers fold them into spaces. */
function attr(s: string): string {
  return esc(s).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;');
}

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // XML 1.0 forbids most control characters even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

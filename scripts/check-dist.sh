#!/usr/bin/env bash
# Fails when the committed dist/ is not what the sources build (codeql-action's check-js).
# The diff goes to a file first: piping a long diff into `head` would end in SIGPIPE (exit 141).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s build
if [ -n "$(git status --porcelain -- dist)" ]; then
  git status --porcelain -- dist > /tmp/hardline-dist-status.txt
  git diff --stat -- dist > /tmp/hardline-dist-diff.txt || true
  echo "dist/ is stale: rebuild with 'npm run build' and commit it with the code that produced it." >&2
  sed -n '1,40p' /tmp/hardline-dist-status.txt >&2
  sed -n '1,40p' /tmp/hardline-dist-diff.txt >&2
  exit 1
fi
echo "dist/ is up to date"

/** The pull request comment and merge request note, against loopback GitHub and GitLab API servers. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Finding } from '@hardline/core';
import { COMMENT_MARKER, commentBody, upsertGitHubComment, upsertGitLabNote } from '../src/comment';

interface Seen {
  method: string;
  url: string;
  body: string;
}

function server(handler: (req: Seen, res: http.ServerResponse) => void): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', body };
      seen.push(r);
      handler(r, res);
    });
  });
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => s.close(() => r())) })),
  );
}

const json = (res: http.ServerResponse, status: number, data: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(data));
};

const finding: Finding = {
  ruleId: 'aws-access-token',
  severity: 'error',
  message: 'AWS key',
  file: 'src/a|b.ts',
  line: 4,
  fingerprint: 'abc:src/a|b.ts:aws-access-token:4',
  properties: { commit: 'abcdef0123456789', author: 'Ann', gitleaksFingerprint: 'abc:src/a|b.ts:aws-access-token:4' },
};

describe('the comment body', () => {
  it('lists rule, location, commit and author, and the .gitleaksignore line of each finding', () => {
    const body = commentBody([finding], 3);
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(body).toContain('| `aws-access-token` | `src/a\\|b.ts:4` | abcdef01 | Ann |');
    expect(body).toContain('```\nabc:src/a|b.ts:aws-access-token:4\n```');
    expect(commentBody([], 3)).toContain('No secrets found in 3 commit(s)');
  });
});

describe('the GitHub pull request comment', () => {
  const log: string[] = [];
  const target = (url: string, fork = false) => ({ token: 't0ken-value', owner: 'acme', repo: 'app', issueNumber: 7, apiUrl: url, fork });

  it('creates one comment, then updates the same comment in place', async () => {
    const comments: Array<{ id: number; body: string }> = [{ id: 1, body: 'someone else' }];
    const api = await server((req, res) => {
      if (req.method === 'GET') return json(res, 200, comments);
      if (req.method === 'POST') {
        comments.push({ id: 2, body: (JSON.parse(req.body) as { body: string }).body });
        return json(res, 201, comments[1]);
      }
      if (req.method === 'PATCH') {
        comments[1].body = (JSON.parse(req.body) as { body: string }).body;
        return json(res, 200, comments[1]);
      }
      json(res, 404, {});
    });
    try {
      expect(await upsertGitHubComment(target(api.url), commentBody([finding], 1), (m) => log.push(m))).toBe('created');
      expect(await upsertGitHubComment(target(api.url), commentBody([], 2), (m) => log.push(m))).toBe('updated');
      expect(await upsertGitHubComment(target(api.url), commentBody([], 2), (m) => log.push(m))).toBe('unchanged');
      expect(api.seen.filter((r) => r.method === 'POST').map((r) => r.url)).toEqual(['/repos/acme/app/issues/7/comments']);
      expect(api.seen.filter((r) => r.method === 'PATCH').map((r) => r.url)).toEqual(['/repos/acme/app/issues/comments/2']);
      expect(comments).toHaveLength(2);
    } finally {
      await api.close();
    }
  });

  it('writes nothing and raises nothing for a fork pull request or a read-only token', async () => {
    const api = await server((req, res) => (req.method === 'GET' ? json(res, 200, []) : json(res, 403, { message: 'Resource not accessible by integration' })));
    try {
      expect(await upsertGitHubComment(target(api.url, true), 'b', (m) => log.push(m))).toBe('skipped');
      expect(api.seen).toEqual([]);
      expect(await upsertGitHubComment(target(api.url), 'b', (m) => log.push(m))).toBe('skipped');
      expect(log.join('\n')).toContain('pull-requests: write');
    } finally {
      await api.close();
    }
  });
});

describe('the GitLab merge request note', () => {
  it('creates one note, then edits it in place', async () => {
    const notes: Array<{ id: number; body: string }> = [];
    const api = await server((req, res) => {
      if (req.method === 'GET') return json(res, 200, notes);
      if (req.method === 'POST') {
        notes.push({ id: 9, body: (JSON.parse(req.body) as { body: string }).body });
        return json(res, 201, notes[0]);
      }
      if (req.method === 'PUT') {
        notes[0].body = (JSON.parse(req.body) as { body: string }).body;
        return json(res, 200, notes[0]);
      }
      json(res, 404, {});
    });
    try {
      const t = { token: 'glpat-x', host: api.url, projectId: '42', mrIid: 5 };
      expect(await upsertGitLabNote(t, commentBody([finding], 1), () => undefined)).toBe('created');
      expect(await upsertGitLabNote(t, commentBody([], 1), () => undefined)).toBe('updated');
      expect(api.seen.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
        'POST /api/v4/projects/42/merge_requests/5/notes',
        'PUT /api/v4/projects/42/merge_requests/5/notes/9',
      ]);
    } finally {
      await api.close();
    }
  });
});

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError, HttpClient, OperationalError, redact } from '@hardline/core';
import { notificationText, notify, webhookKind } from '../src/notify';
import type { EntryResult } from '../src/procedure';

function result(over: Partial<EntryResult>): EntryResult {
  return { entry: 'E', source: 'random value (48 characters)', status: 'rotated', exit: 0, sinks: [{ label: 'GitHub repository secrets of a/b', name: 'E', ok: true }], facts: {}, durationMs: 1, ...over };
}

async function withServer(status: number, fn: (url: string, bodies: string[]) => Promise<void>): Promise<void> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let b = '';
    req.on('data', (c: Buffer) => (b += c.toString()));
    req.on('end', () => {
      bodies.push(b);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}

describe('webhookKind', () => {
  it('recognises Discord webhook hosts and treats others as Slack unless told', () => {
    expect(webhookKind('https://discord.com/api/webhooks/1/abc')).toBe('discord');
    expect(webhookKind('https://discordapp.com/api/webhooks/1/abc')).toBe('discord');
    expect(webhookKind('https://hooks.slack.com/services/T/B/x')).toBe('slack');
    expect(webhookKind('https://hooks.slack.com/services/T/B/x', 'discord')).toBe('discord');
  });
});

describe('notificationText', () => {
  it('says what was rotated, skipped and failed, with the recovery file, never a value', () => {
    const text = notificationText(
      [
        result({ entry: 'A' }),
        result({ entry: 'B', status: 'skipped', reason: 'preflight failed' }),
        result({ entry: 'C', status: 'failed', failedStep: 'set', reason: 'GitHub 500', recoveryFile: '/tmp/r.json', sinks: [{ label: 'GitLab project variables of g/p', name: 'C', ok: false }] }),
      ],
      { dryRun: false },
    );
    expect(text).toContain('• A: rotated (random value (48 characters)) into GitHub repository secrets of a/b');
    expect(text).toContain('• B: skipped — preflight failed');
    expect(text).toContain('• C: FAILED at set — GitHub 500 (new value sealed in /tmp/r.json)');
  });
});

describe('notify', () => {
  it('posts {text} to Slack and {content} to Discord, and masks the webhook URL', async () => {
    const http1 = new HttpClient({ baseDelayMs: 1 });
    try {
      await withServer(200, async (url, bodies) => {
        const slack = `${url}/services/T1/B1/slack-webhook-token-0001`;
        await notify(slack, 'rotated X', { http: http1 });
        expect(JSON.parse(bodies[0]!)).toEqual({ text: 'rotated X' });
        expect(redact(`posted to ${slack}`)).not.toContain('slack-webhook-token-0001');
        await notify(`${url}/api/webhooks/1/discord-token-0002`, 'rotated Y', { http: http1, kind: 'discord' });
        expect(JSON.parse(bodies[1]!)).toEqual({ content: 'rotated Y', allowed_mentions: { parse: [] } });
      });
    } finally {
      http1.close();
    }
  });

  it('fails with the status, never the webhook token, when the webhook refuses the message', async () => {
    const client = new HttpClient({ baseDelayMs: 1 });
    try {
      await withServer(404, async (url) => {
        const hook = `${url}/services/T1/B1/refused-webhook-token-0003`;
        const err = await notify(hook, 'x', { http: client }).catch((e: Error) => e);
        expect(String(err)).toContain('answered HTTP 404');
        expect(String(err)).not.toContain('refused-webhook-token-0003');
        // An operational failure, not "internal error … a bug in hardline" in the warning the command prints.
        expect(err).toBeInstanceOf(OperationalError);
        expect(describeError(err)).not.toContain('internal error');
        expect(describeError(err)).not.toContain('refused-webhook-token-0003');
      });
    } finally {
      client.close();
    }
  });
});

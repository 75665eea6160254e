/** The child-process helpers against real `node -e` children. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { envWithoutLoket, simulatorEnv, waitForOutput } from '../../support/child-process.js';

function node(script: string, env: Record<string, string> = envWithoutLoket()) {
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'], env });
}

describe('waitForOutput', () => {
  it('matches a line that arrives in several chunks, after other lines', async () => {
    const child = node(
      "process.stdout.write('starting\\nLOKET_'); setTimeout(() => process.stdout.write('URL http://x/?t=1\\nmore\\n'), 50);",
    );
    const [, url] = await waitForOutput(child, /^LOKET_URL (\S+)$/m);
    expect(url).toBe('http://x/?t=1');
  });

  it('rejects with the exit code and the detail when the child exits without the line', async () => {
    const child = node("process.stderr.write('bad variable'); process.exit(2);");
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    await expect(waitForOutput(child, /^LOKET_URL/m, { detail: () => stderr })).rejects.toThrow(/exited \(2\).*bad variable/);
  });

  it('rejects after the timeout while the child runs on silently', async () => {
    const child = node('setTimeout(() => {}, 20_000);');
    try {
      await expect(waitForOutput(child, /never/, { timeoutMs: 200 })).rejects.toThrow('no /never/ within 200 ms');
    } finally {
      child.kill();
    }
  });
});

describe('child environment', () => {
  it('drops every LOKET_* variable of this process and keeps the rest', () => {
    process.env.LOKET_TEST_LEAK = 'x';
    try {
      const env = envWithoutLoket();
      expect(Object.keys(env).filter((k) => k.startsWith('LOKET_'))).toEqual([]);
      expect(env.PATH).toBe(process.env.PATH);
    } finally {
      delete process.env.LOKET_TEST_LEAK;
    }
  });

  it('gives the simulator address and all its credentials as LOKET_* variables', () => {
    const credentials = { consumerKey: 'ck', consumerSecret: 'cs', token: 't', tokenSecret: 'ts', userId: 'u', counterKey: 'b' };
    expect(simulatorEnv({ prefix: 'http://127.0.0.1:1/uitid/rest', credentials })).toEqual({
      LOKET_UITPAS_URL: 'http://127.0.0.1:1/uitid/rest',
      LOKET_CONSUMER_KEY: 'ck',
      LOKET_CONSUMER_SECRET: 'cs',
      LOKET_TOKEN: 't',
      LOKET_TOKEN_SECRET: 'ts',
      LOKET_USER_ID: 'u',
      LOKET_BALIE_KEY: 'b',
    });
  });
});

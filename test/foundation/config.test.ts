import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ConfigError, loadEnv } from '../../src/config/env';

describe('configuration', () => {
  test('when nothing is set, then the documented defaults apply', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 3000, AGENCY: 'banjarmasin', WHATSAPP_ENABLED: false, SIMULATOR_ENABLED: false, CHROME_PATH: '/usr/bin/chromium', LOG_LEVEL: 'info' });
    expect(env.MONGODB_URI).toBeUndefined();
  });

  test('when several variables are wrong, then one error names every one of them and why', () => {
    let error: ConfigError | undefined;
    try {
      loadEnv({ PORT: 'abc', NODE_ENV: 'production', WHATSAPP_ENABLED: 'maybe', MONGODB_URI: 'postgres://x' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.message;
    expect(text).toMatch(/PORT must be a number/);
    expect(text).toMatch(/WHATSAPP_ENABLED must be true or false/);
    expect(text).toMatch(/MONGODB_URI must start with mongodb:\/\//);
    expect(text).toMatch(/DATA_ENCRYPTION_KEY is required in production/);
    expect(text).toMatch(/ADMIN_API_TOKEN is required in production/);
  });

  describe('in production', () => {
    const good = {
      NODE_ENV: 'production',
      MONGODB_URI: 'mongodb://db:27017/dinsos',
      DATA_ENCRYPTION_KEY: '3f9a1c7e5b2d8f4a6c0e9b1d7a3f5c2e8b4d6a0f1c3e5a7b9d2f4c6e8a0b1d3f',
      ADMIN_API_TOKEN: 'k2P9xQ7mV4tR8wZ3nB6yL1cF5hJ0sD',
    };

    test('when everything needed is set, then it starts', () => {
      expect(loadEnv(good).NODE_ENV).toBe('production');
    });

    test.each([
      [{ MONGODB_URI: undefined }, /MONGODB_URI is required in production/],
      [{ SIMULATOR_ENABLED: 'true' }, /SIMULATOR_ENABLED must be false in production/],
      [{ DATA_ENCRYPTION_KEY: '0'.repeat(64) }, /DATA_ENCRYPTION_KEY is too easy to guess/],
      [{ DATA_ENCRYPTION_KEY: 'ab'.repeat(32) }, /DATA_ENCRYPTION_KEY is too easy to guess/],
      [{ ADMIN_API_TOKEN: 'x'.repeat(30) }, /ADMIN_API_TOKEN is too easy to guess/],
      [{ DATA_ENCRYPTION_KEY: '0123456789abcdef'.repeat(4) }, /DATA_ENCRYPTION_KEY is too easy to guess/],
      [{ DATA_ENCRYPTION_KEY: 'fedcba9876543210'.repeat(4) }, /DATA_ENCRYPTION_KEY is too easy to guess/],
      [{ ADMIN_API_TOKEN: 'changeme-changeme-changeme' }, /ADMIN_API_TOKEN is too easy to guess/],
      [{ ADMIN_API_TOKEN: 'admin123admin123admin123x' }, /ADMIN_API_TOKEN is too easy to guess/],
      [{ ADMIN_API_TOKEN: 'abcdefghijklmnopqrstuvwxyz' }, /ADMIN_API_TOKEN is too easy to guess/],
    ])('when %j, then start-up is refused with the reason', (change, reason) => {
      expect(() => loadEnv({ ...good, ...change } as NodeJS.ProcessEnv)).toThrow(reason);
    });

    test('when the secrets are generated (openssl rand -hex), then none is ever taken for a guessable one', () => {
      for (let i = 0; i < 2000; i++) {
        expect(() => loadEnv({ ...good, DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'), ADMIN_API_TOKEN: randomBytes(24).toString('hex') })).not.toThrow();
      }
    });
  });

  test('when the encryption key is not 64 hex characters, then it is rejected with how to make one', () => {
    expect(() => loadEnv({ DATA_ENCRYPTION_KEY: 'short' })).toThrow(/DATA_ENCRYPTION_KEY must be 64 hex characters.*openssl rand -hex 32/);
  });

  test('when the process starts with PORT=abc, then it exits with a message naming the variable', () => {
    const root = path.resolve(__dirname, '../..');
    let stderr = '';
    let status = 0;
    try {
      execFileSync(process.execPath, ['-r', require.resolve('tsx/cjs'), 'src/main.ts'], {
        cwd: root,
        env: { PATH: process.env.PATH, PORT: 'abc', NODE_ENV: 'production' },
        stdio: 'pipe',
        timeout: 20_000,
      });
    } catch (err) {
      const e = err as { status: number; stderr: Buffer };
      status = e.status;
      stderr = e.stderr.toString();
    }
    expect(status).toBe(78);
    expect(stderr).toMatch(/PORT must be a number/);
    expect(stderr).toMatch(/DATA_ENCRYPTION_KEY is required in production/);
  });

  describe('when NODE_ENV is not set', () => {
    /** Starts src/main.ts with `env` and an agency that does not exist, so it stops (78) right after the start-up warnings. */
    function startUp(env: Record<string, string>): { status: number; stdout: string } {
      try {
        execFileSync(process.execPath, ['-r', require.resolve('tsx/cjs'), 'src/main.ts'], {
          cwd: path.join(__dirname, '../..'),
          env: { PATH: process.env.PATH, AGENCY: 'tidak-ada-kantor', DATA_DIR: path.join(tmpdir(), 'node-env-warning'), ...env },
          stdio: 'pipe',
          timeout: 20_000,
        });
        return { status: 0, stdout: '' };
      } catch (err) {
        const e = err as { status: number; stdout: Buffer };
        return { status: e.status, stdout: e.stdout.toString() };
      }
    }
    const warning = /NODE_ENV is not set: running with development defaults/;

    test('then start-up logs a clear warning, and development defaults still apply', () => {
      const { status, stdout } = startUp({});
      expect(status).toBe(78);
      const line = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => warning.test(l.msg));
      expect(line).toMatchObject({ level: 40 });
      expect(loadEnv({}).NODE_ENV).toBe('development');
    });

    test('when NODE_ENV is set, then there is no such warning', () => {
      const { stdout } = startUp({ NODE_ENV: 'development' });
      expect(stdout).not.toMatch(warning);
    });
  });
});

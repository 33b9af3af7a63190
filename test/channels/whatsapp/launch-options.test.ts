// Puppeteer's options are effectively untyped in the library: ours are validated with zod so
// the system Chromium always runs headless with the required flags and no profile of its own.
import { buildLaunchOptions, launchOptionsSchema, REQUIRED_CHROMIUM_FLAGS } from '../../../src/channels/whatsapp/launch-options';

describe('Chromium launch options', () => {
  it('when built from CHROME_PATH, then the system Chromium runs headless with every required flag and no signal handlers', () => {
    const options = buildLaunchOptions({ chromePath: '/usr/bin/chromium' });
    expect(options).toMatchObject({ executablePath: '/usr/bin/chromium', headless: true, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    expect(options.args).toEqual([...REQUIRED_CHROMIUM_FLAGS]);
    expect(options.args).toEqual(
      expect.arrayContaining(['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-setuid-sandbox', '--disable-dev-shm-usage']),
    );
  });

  it('when extra flags are given, then they are added after the required ones', () => {
    const options = buildLaunchOptions({ chromePath: '/usr/bin/chromium', extraArgs: ['--host-resolver-rules=MAP * ~NOTFOUND'] });
    expect(options.args.at(-1)).toBe('--host-resolver-rules=MAP * ~NOTFOUND');
  });

  it.each([
    ['a relative CHROME_PATH', { chromePath: 'chromium' }, /absolute path/],
    ['a profile directory flag', { chromePath: '/usr/bin/chromium', extraArgs: ['--user-data-dir=/tmp/x'] }, /user-data-dir/],
    ['something that is not a flag', { chromePath: '/usr/bin/chromium', extraArgs: ['rm -rf'] }, /--flag/],
  ])('when given %s, then the options are refused with a message saying why', (_what, input, message) => {
    expect(() => buildLaunchOptions(input)).toThrow(message);
  });

  it('when a required flag or headless mode is missing, then the schema refuses the options', () => {
    const good = buildLaunchOptions({ chromePath: '/usr/bin/chromium' });
    expect(launchOptionsSchema.safeParse({ ...good, args: good.args.filter((a) => a !== '--no-sandbox') }).success).toBe(false);
    expect(launchOptionsSchema.safeParse({ ...good, headless: false }).success).toBe(false);
    expect(launchOptionsSchema.safeParse({ ...good, userDataDir: '/tmp/x' }).success).toBe(false);
  });
});

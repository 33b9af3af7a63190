/**
 * Puppeteer launch options for the system Chromium, validated with zod: the library types
 * its `puppeteer` option so loosely that a typo would pass the compiler. No browser is ever
 * downloaded (committed .puppeteerrc.cjs); the profile directory comes from the auth strategy.
 */
import path from 'node:path';
import { z } from 'zod';

/** DEVELOPERS.md: headless Chromium without sandbox, GPU, background traffic or first-run UI. */
export const REQUIRED_CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-setuid-sandbox',
  '--disable-dev-shm-usage',
] as const;

const flag = z.string().regex(/^--[a-z0-9][a-z0-9-]*(=.+)?$/i, 'must look like --flag or --flag=value');

export const launchOptionsSchema = z
  .object({
    executablePath: z.string().refine((p) => path.isAbsolute(p), 'CHROME_PATH must be an absolute path'),
    headless: z.literal(true),
    args: z
      .array(flag)
      .refine((args) => REQUIRED_CHROMIUM_FLAGS.every((f) => args.includes(f)), { message: `must include ${REQUIRED_CHROMIUM_FLAGS.join(' ')}` })
      // LocalAuth/RemoteAuth own the profile directory and refuse a second one.
      .refine((args) => !args.some((a) => a.startsWith('--user-data-dir')), { message: 'must not set --user-data-dir (the auth strategy sets the profile)' }),
    /** Our shutdown closes the browser; Puppeteer's own signal handlers would race it. */
    handleSIGINT: z.literal(false),
    handleSIGTERM: z.literal(false),
    handleSIGHUP: z.literal(false),
    /** Launch and CDP call limits: a wedged browser must fail, not hang the supervisor. */
    timeout: z.number().int().positive(),
    protocolTimeout: z.number().int().positive(),
  })
  .strict();
export type LaunchOptions = z.infer<typeof launchOptionsSchema>;

export interface LaunchInput {
  chromePath: string;
  /** More flags, e.g. the smoke test's resolver rules that keep Chromium off the network. */
  extraArgs?: string[];
}

export function buildLaunchOptions(input: LaunchInput): LaunchOptions {
  return launchOptionsSchema.parse({
    executablePath: input.chromePath,
    headless: true,
    args: [...REQUIRED_CHROMIUM_FLAGS, ...(input.extraArgs ?? [])],
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 60_000,
    protocolTimeout: 120_000,
  });
}

/**
 * WHATSAPP_TRANSPORT=cloud configuration: refused without its secrets (in production and
 * elsewhere, since an unsigned webhook would have to be accepted), and the templates file
 * validated.
 */
import path from 'node:path';
import { ConfigError, loadEnv } from '../../../src/config/env';
import { Templates, templatesFileSchema } from '../../../src/channels/cloud/templates';

const PROD = {
  NODE_ENV: 'production',
  MONGODB_URI: 'mongodb://db:27017/dinsos',
  ADMIN_API_TOKEN: '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  DATA_ENCRYPTION_KEY: '97fdeb532a5143b0a8b030683e6f873337c826974520f5638948cb5e00e81ac0',
};
const CLOUD = {
  WHATSAPP_ENABLED: 'true',
  WHATSAPP_TRANSPORT: 'cloud',
  WHATSAPP_CLOUD_VERIFY_TOKEN: '4b1d9e7f2a6c8e03d5f7',
  WHATSAPP_CLOUD_APP_SECRET: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  WHATSAPP_CLOUD_ACCESS_TOKEN: 'EAAGm0PX4ZCpsBAKZAbcdefghijk',
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadEnv(env);
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
}

describe('WHATSAPP_TRANSPORT=cloud', () => {
  it('starts with its four secrets, defaulting to Meta\'s Graph API', () => {
    const env = loadEnv({ ...PROD, ...CLOUD });
    expect(env.WHATSAPP_TRANSPORT).toBe('cloud');
    expect(env.WHATSAPP_CLOUD_API_BASE).toMatch(/^https:\/\/graph\.facebook\.com\/v\d+\.0$/);
  });

  it('production refuses it without each secret, naming every missing one', () => {
    const { WHATSAPP_CLOUD_APP_SECRET, WHATSAPP_CLOUD_ACCESS_TOKEN, ...partial } = CLOUD;
    void WHATSAPP_CLOUD_APP_SECRET;
    void WHATSAPP_CLOUD_ACCESS_TOKEN;
    const found = problems({ ...PROD, ...partial });
    expect(found).toEqual(expect.arrayContaining([expect.stringContaining('WHATSAPP_CLOUD_APP_SECRET'), expect.stringContaining('WHATSAPP_CLOUD_ACCESS_TOKEN')]));
  });

  it('is refused outside production too when half configured, and without WHATSAPP_ENABLED', () => {
    expect(problems({ WHATSAPP_ENABLED: 'true', WHATSAPP_TRANSPORT: 'cloud' })).toHaveLength(4);
    expect(problems({ ...CLOUD, WHATSAPP_ENABLED: 'false' })).toEqual([expect.stringContaining('WHATSAPP_ENABLED=true')]);
  });

  it('production refuses a guessable verify token and a plain-http API base', () => {
    const found = problems({ ...PROD, ...CLOUD, WHATSAPP_CLOUD_VERIFY_TOKEN: 'abababababababababab', WHATSAPP_CLOUD_API_BASE: 'http://graph.example/v24.0' });
    expect(found).toEqual(expect.arrayContaining([expect.stringContaining('WHATSAPP_CLOUD_VERIFY_TOKEN'), expect.stringContaining('https')]));
  });

  it('rejects a wrong transport name', () => {
    expect(problems({ WHATSAPP_TRANSPORT: 'business' })).toEqual([expect.stringContaining('WHATSAPP_TRANSPORT')]);
  });
});

describe('flows/whatsapp-templates.yaml', () => {
  it('loads, with a template for every source that is not a bot reply', () => {
    const templates = Templates.load(path.resolve('flows'), 'Dinas Sosial Kota Banjarmasin');
    for (const source of ['staff', 'reminder', 'notification', 'alert'] as const) expect(templates.build(source, 'x')).toHaveProperty('template');
    expect(templates.build('bot', 'x')).toEqual({ reason: 'no-template' });
    expect(templates.build('notification', 'x'.repeat(1100))).toEqual({ reason: 'too-long' });
  });

  it('refuses a body whose placeholders do not match its parameters, and two templates for one source', () => {
    const base = { name: 'a', category: 'UTILITY', language: 'id', sources: ['staff'], body: 'Halo {{1}} {{3}}', parameters: ['office', 'text'] };
    expect(templatesFileSchema.safeParse({ templates: [base] }).success).toBe(false);
    const ok = { ...base, body: 'Halo {{1}} {{2}}' };
    expect(templatesFileSchema.safeParse({ templates: [ok] }).success).toBe(true);
    expect(templatesFileSchema.safeParse({ templates: [ok, { ...ok, name: 'b' }] }).success).toBe(false);
  });
});

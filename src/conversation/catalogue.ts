/**
 * The message catalogue: every text the bot says, from flows/messages.yaml, with the office's
 * overrides from its profile. Templates use {name} placeholders.
 */
import path from 'node:path';
import { z } from 'zod';
import { ConfigFileError, readYamlFile } from '../config/yaml-file';

const catalogueFileSchema = z.record(
  z.string().regex(/^[a-z_]+$/, 'section names are lower-case words'),
  z.record(z.string().regex(/^[a-z_]+$/, 'keys are lower-case words'), z.string().min(1, 'must not be empty')),
);

export interface Catalogue {
  render(key: string, vars?: Record<string, string | number>): string;
  has(key: string): boolean;
  keys(): string[];
}

/**
 * Placeholder filling is a one-line replace; a template engine would add syntax an office
 * editor could break. Unknown placeholders are left visible rather than silently dropped.
 */
function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function createCatalogue(base: Record<string, string>, overrides: Record<string, string> = {}): Catalogue {
  const texts = new Map(Object.entries({ ...base, ...overrides }));
  return {
    render(key, vars = {}) {
      const template = texts.get(key);
      if (template === undefined) throw new Error(`Message catalogue has no text for "${key}"`);
      return fill(template, vars);
    },
    has: (key) => texts.has(key),
    keys: () => [...texts.keys()],
  };
}

export function loadCatalogue(flowsDir: string, overrides: Record<string, string>, overridesFile: string): Catalogue {
  const file = path.join(flowsDir, 'messages.yaml');
  const nested = readYamlFile(file, catalogueFileSchema);
  const base: Record<string, string> = {};
  for (const [section, entries] of Object.entries(nested)) {
    for (const [key, text] of Object.entries(entries)) base[`${section}.${key}`] = text;
  }
  const unknown = Object.keys(overrides).filter((key) => !(key in base));
  if (unknown.length) {
    throw new ConfigFileError(
      overridesFile,
      unknown.map((key) => ({ path: `messages.${key}`, reason: `no such message in ${file}` })),
    );
  }
  return createCatalogue(base, overrides);
}

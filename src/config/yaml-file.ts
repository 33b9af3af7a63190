/**
 * Reading YAML configuration files (flows, profiles, calendars) through a zod schema.
 * A broken file stops start-up with the file, the path inside it and the reason.
 */
import fs from 'node:fs';
import YAML from 'yaml';
import type { z } from 'zod';

export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; reason: string }[],
  ) {
    super(`${file}:\n${problems.map((p) => `  - ${p.path || '(top level)'}: ${p.reason}`).join('\n')}`);
    this.name = 'ConfigFileError';
  }
}

export function readYamlFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigFileError(file, [{ path: '', reason: `cannot read file (${(err as NodeJS.ErrnoException).code ?? err})` }]);
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigFileError(file, doc.errors.map((e) => ({ path: `line ${e.linePos?.[0].line ?? '?'}`, reason: e.message.split('\n')[0] })));
  }
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new ConfigFileError(
      file,
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), reason: issue.message })),
    );
  }
  return parsed.data;
}

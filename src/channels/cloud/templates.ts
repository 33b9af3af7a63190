/**
 * Approved message templates for outside the 24-hour window (flows/whatsapp-templates.yaml),
 * validated by zod at start-up, and the Graph API `template` object built from one.
 */
import path from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../../config/yaml-file';
import type { OutboxSource } from '../port';

/** Meta's limit on a template body, placeholders filled. */
const MAX_BODY = 1024;
const PARAMETER_KINDS = ['office', 'text'] as const;

const templateSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be lower-case letters, digits and underscores (Meta template name)'),
    category: z.enum(['UTILITY', 'MARKETING', 'AUTHENTICATION']),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a Meta language code such as id or en_US'),
    sources: z.array(z.enum(['staff', 'reminder', 'notification', 'alert'])).min(1),
    body: z.string().min(1).max(MAX_BODY),
    parameters: z.array(z.enum(PARAMETER_KINDS)),
    examples: z.array(z.string()).optional(),
  })
  .superRefine((t, ctx) => {
    const used = [...t.body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
    const expected = t.parameters.map((_, i) => i + 1);
    if (new Set(used).size !== used.length || used.sort((a, b) => a - b).join() !== expected.join()) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: `must use {{1}}…{{${t.parameters.length}}} once each, one per parameter` });
    }
  });

export const templatesFileSchema = z
  .object({ templates: z.array(templateSchema) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.templates.forEach((t, i) =>
      t.sources.forEach((s) => {
        if (seen.has(s)) ctx.addIssue({ code: 'custom', path: ['templates', i, 'sources'], message: `${s} already has a template` });
        seen.add(s);
      }),
    );
  });
export type CloudTemplate = z.infer<typeof templateSchema>;

export const TEMPLATES_FILE = 'whatsapp-templates.yaml';

export class Templates {
  private readonly bySource = new Map<OutboxSource, CloudTemplate>();

  constructor(templates: CloudTemplate[], private readonly officeName: string) {
    for (const t of templates) for (const s of t.sources) this.bySource.set(s, t);
  }

  static load(flowsDir: string, officeName: string): Templates {
    return new Templates(readYamlFile(path.join(flowsDir, TEMPLATES_FILE), templatesFileSchema).templates, officeName);
  }

  /** The names of the templates loaded, for the channel page. */
  names(): string[] {
    return [...new Set([...this.bySource.values()].map((t) => t.name))];
  }

  /**
   * The `template` object for this message, or why it cannot go as one: no template for its
   * source, or its text too long for the template body.
   */
  build(source: OutboxSource, text: string): { name: string; template: Record<string, unknown> } | { reason: string } {
    const t = this.bySource.get(source);
    if (!t) return { reason: 'no-template' };
    const values = t.parameters.map((p) => (p === 'office' ? this.officeName : oneLine(text)));
    const length = t.body.replace(/\{\{\d+\}\}/g, '').length + values.reduce((n, v) => n + v.length, 0);
    if (length > MAX_BODY) return { reason: 'too-long' };
    return {
      name: t.name,
      template: {
        name: t.name,
        language: { code: t.language },
        components: [{ type: 'body', parameters: values.map((v) => ({ type: 'text', text: v })) }],
      },
    };
  }
}

/** Meta refuses newlines, tabs and more than four spaces in a row inside a parameter. */
export function oneLine(text: string): string {
  return text
    .replace(/\s*\n+\s*/g, ' · ')
    .replace(/\t/g, ' ')
    .replace(/ {4,}/g, '   ')
    .trim();
}

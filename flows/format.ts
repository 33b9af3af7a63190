/**
 * WhatsApp formatting helpers shared by the flows: numbered lists and lettered sub-items.
 */
export function numbered(items: string[]): string {
  return items.map((item, i) => `${i + 1}. ${item}`).join('\n');
}

export function lettered(items: string[], indent = '   '): string {
  return items.map((item, i) => `${indent}${String.fromCharCode(97 + i)}. ${item}`).join('\n');
}

export function section(title: string, body: string): string {
  return `*${title}*\n${body}`;
}

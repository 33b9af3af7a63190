/** Conversations in tests: one chat's lines sent in turn, read back as a person would read the last answer. */
import type { TestService } from './service';

/** Sends each line in turn from one chat and returns the replies to the last one, joined. */
export async function repliesToLast(t: TestService, from: string, lines: string[]): Promise<string> {
  let last: string[] = [];
  for (const line of lines) last = await t.send(from, line);
  return last.join('\n---\n');
}

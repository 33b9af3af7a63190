/**
 * Every word set a flow names (`Flow.wordSets`) must be in flows/nlu/vocabularies.yaml. Checked at
 * start-up and by `npm run flows:check`, so a renamed or deleted set stops the service with the
 * file, the set and the flow, rather than failing on the first message that reaches the step.
 */
import path from 'node:path';
import { ConfigFileError } from '../config/yaml-file';
import type { Understanding } from '../understanding';
import { nluDir } from '../understanding/load';
import type { Flow, FlowState } from './flow-types';

export function checkFlowWordSets(flows: readonly Flow<FlowState>[], understanding: Pick<Understanding, 'wordSet'>, flowsDir: string): void {
  const problems = flows.flatMap((flow) =>
    (flow.wordSets ?? []).filter((name) => !understanding.wordSet(name)).map((name) => ({ path: name, reason: `no such word set, yet the flow "${flow.id}" reads it` })),
  );
  if (problems.length) throw new ConfigFileError(path.join(nluDir(flowsDir), 'vocabularies.yaml'), problems);
}

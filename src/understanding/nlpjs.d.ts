// The few nlp.js entry points this project uses (the packages ship no types).
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
  }
  export function containerBootstrap(settings?: Record<string, unknown>): Container;
}
declare module '@nlpjs/lang-id' {
  export const LangId: unknown;
  export class StopwordsId {
    isStopword(word: string): boolean;
  }
}
declare module '@nlpjs/nlu' {
  import type { Container } from '@nlpjs/core';
  export class NluNeural {
    constructor(settings: Record<string, unknown>, container: Container);
    train(corpus: { utterance: string; intent: string }[]): Promise<unknown>;
    process(utterance: string): Promise<{ classifications: { intent: string; score: number }[] }>;
    toJSON(): unknown;
  }
}

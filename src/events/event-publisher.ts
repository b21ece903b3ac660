import type { EventInput } from './schema';

/**
 * What the rest of the code base needs of the event pipeline: emit() is the one way to
 * produce an event. The pipeline (pipeline.ts) is the real one; tests record instead.
 */
export interface EventPublisher {
  emit(input: EventInput): Promise<unknown>;
}

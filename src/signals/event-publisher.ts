import type { EventInput } from '../events/schema';

/** The narrow slice of the event pipeline that signal handling needs. */
export interface EventPublisher {
  emit(input: EventInput): Promise<unknown>;
}

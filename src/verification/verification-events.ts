import type { EventPublisher } from '../events/event-publisher';
import type { EventInput } from '../events/schema';
import type { Logger } from '../log/logger';

/** The log methods verification uses; pino's Logger fits. */
export type VerificationLog = Pick<Logger, 'info' | 'warn' | 'error'>;

/** The `Source` of every event emitted here. */
export const VERIFICATION_SOURCE = 'verification';

/**
 * Emits an event once the decision is made and stored. A failure to emit is logged, not
 * thrown: the code is already spent, and an error now would tell a user with a genuine
 * caller to distrust them on the retry ("used").
 */
export const emitAfterDecision = async (
  events: EventPublisher,
  log: VerificationLog,
  input: EventInput,
): Promise<void> => {
  try {
    await events.emit(input);
  } catch (err) {
    log.error({ err, eventType: input.EventType }, 'verification event could not be emitted');
  }
};

import {
  buildEvent,
  type EventInput,
  type EventPublisher,
  type HelpdeskEvent,
  stripSecretDetails,
} from '../../src/events';

/** The tenant fakePublisher() stamps on events unless told otherwise. */
export const DUMMY_TENANT_ID = '00000000-0000-4000-8000-000000000001';

/** An EventPublisher that records what was emitted, for handler and worker tests. */
export interface FakePublisher extends EventPublisher {
  readonly events: HelpdeskEvent[];
  /** The emitted events of one type. */
  ofType(type: HelpdeskEvent['EventType']): HelpdeskEvent[];
  /** Makes the next emit() calls reject with `error` (an outbox outage). */
  failWith(error: Error | undefined): void;
}

/**
 * Builds events exactly as the real pipeline does (buildEvent, secret-named Details keys
 * stripped), keeps them in memory and delivers nothing.
 */
export const fakePublisher = (tenantId = DUMMY_TENANT_ID): FakePublisher => {
  const events: HelpdeskEvent[] = [];
  let failure: Error | undefined;
  return {
    events,
    ofType: (type) => events.filter((event) => event.EventType === type),
    failWith: (error) => {
      failure = error;
    },
    async emit(input: EventInput): Promise<HelpdeskEvent> {
      if (failure) throw failure;
      const event = buildEvent(
        { ...input, Details: stripSecretDetails(input.Details ?? {}).details },
        tenantId,
      );
      events.push(event);
      return event;
    },
  };
};

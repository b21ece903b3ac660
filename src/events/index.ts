/**
 * The event pipeline: schema, emit(), outbox, forwarder and sinks. bot/index.ts builds
 * one pipeline with createEventPipeline and passes it down as an EventPublisher.
 */
export type { EventPublisher } from './event-publisher';
export { createEventPipeline, type EventPipeline, type EventPipelineDeps } from './pipeline';
export {
  buildEvent,
  EVENT_TYPES,
  helpdeskEventSchema,
  SCHEMA_VERSION,
  SEVERITIES,
  type EventInput,
  type EventType,
  type HelpdeskEvent,
  type Severity,
} from './schema';
export { isSecretKey, stripSecretDetails } from './strip-secret-details';
export type { EventSink, SinkName } from './sinks/sink';
export { SinkError } from './sinks/sink';
export type { DeadLetter, Outbox, OutboxEntry, SinkBacklog } from './outbox/outbox';
export { OUTBOX_STREAM, deadLetterStream } from './outbox/redis-outbox';
export type { EventsConfig } from '../config/events-config';
export { parseEventsEnv } from '../config/events-config';

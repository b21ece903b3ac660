import { buildEvent, type EventInput, type HelpdeskEvent } from '../../../../src/events/schema';

export const DUMMY_TENANT = '11111111-1111-4111-8111-111111111111';

/** A first contact from an external "IT Helpdesk", as the detection worker emits it. */
export const dummyInput = (overrides: Partial<EventInput> = {}): EventInput => ({
  EventType: 'FirstContactDetected',
  Severity: 'Medium',
  Source: 'graph',
  ChatThreadId: '19:abc_def@unq.gbl.spaces',
  VictimAccountObjectId: '22222222-2222-4222-8222-222222222222',
  VictimUPN: 'alice@contoso.com',
  SenderUPN: 'it@x.onmicrosoft.com',
  SenderDisplayName: 'IT Helpdesk',
  SenderTenantId: '33333333-3333-4333-8333-333333333333',
  Details: { score: 0.92, reasons: ['display name looks like a helpdesk'] },
  ...overrides,
});

export const dummyEvent = (overrides: Partial<EventInput> = {}): HelpdeskEvent =>
  buildEvent(dummyInput(overrides), DUMMY_TENANT);

export const dummyEvents = (count: number): HelpdeskEvent[] =>
  Array.from({ length: count }, (_, i) => dummyEvent({ ChatThreadId: `19:thread-${i}@unq.gbl.spaces` }));

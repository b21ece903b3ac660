import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isGuardError } from '../../../../../src/errors';
import { DEFAULT_MAIL_FLOOD_THRESHOLD } from '../../../../../src/hunting/queries/hunting-query-specs';
import { type MailFlood, mailFloods } from '../../../../../src/hunting/rows/mail-flood-rows';
import type { RowSkip } from '../../../../../src/hunting/rows/row-values';
import { deepMerge, DUMMY_USER_ID } from '../../../../support/activities';

type Row = Record<string, unknown>;

/** The rows of test/fixtures/hunting/mail-flood.response.json (a runHuntingQuery answer). */
const dummyRows = (): Row[] =>
  (
    JSON.parse(
      readFileSync(join(__dirname, '../../../../fixtures/hunting/mail-flood.response.json'), 'utf8'),
    ) as {
      results: Row[];
    }
  ).results;

const CAROL = '6c1d2e3f-4a5b-4c6d-9e7f-8091a2b3c4d5';
const ORDERS = 'e5d4c3b2-a190-4f8e-9d7c-6b5a49382716';
const threshold = DEFAULT_MAIL_FLOOD_THRESHOLD;

describe('mail floods', () => {
  it('merge a flooded mailbox over its bins into one flood', () => {
    const floods = mailFloods(dummyRows(), { threshold });

    expect(floods.find((flood) => flood.recipientObjectId === DUMMY_USER_ID)).toEqual<MailFlood>({
      recipientObjectId: DUMMY_USER_ID,
      recipientUpn: 'alice@contoso.com',
      messages: 600,
      windowStart: Date.parse('2026-11-27T21:45:00Z'),
      windowEnd: Date.parse('2026-11-27T22:15:00Z'),
      defenderDetected: false,
    });
  });

  it("take Defender's own Mail bombing detection as a flood, however few the messages", () => {
    const carol = mailFloods(dummyRows(), { threshold }).find((flood) => flood.recipientObjectId === CAROL);

    expect(carol).toMatchObject({ messages: 9, defenderDetected: true });
  });

  it('not take a mailbox that is always this busy for a flood', () => {
    const ids = mailFloods(dummyRows(), { threshold }).map((flood) => flood.recipientObjectId);

    expect(ids).toEqual([DUMMY_USER_ID, CAROL]);
    expect(
      mailFloods(dummyRows(), { threshold, baselineFactor: 1 }).map((flood) => flood.recipientObjectId),
    ).toContain(ORDERS);
  });

  it.each([
    [187, 600],
    [189, 412],
    [413, undefined],
  ])('count only the bins at or over a threshold of %i', (limit, messages) => {
    const alice = mailFloods(dummyRows(), { threshold: limit }).find(
      (flood) => flood.recipientObjectId === DUMMY_USER_ID,
    );

    expect(alice?.messages).toBe(messages);
  });

  it('count a bin with no baseline against the threshold alone', () => {
    const row = deepMerge(dummyRows()[2]!, { UsualMessages: null });

    expect(mailFloods([row], { threshold })).toHaveLength(1);
  });

  it.each([
    ['no recipient object ID', { RecipientObjectId: 'alice@contoso.com' }, 'recipient_object_id_invalid'],
    ['no bin times', { WindowStart: '' }, 'window_invalid'],
    ['a bin that ends before it starts', { WindowEnd: '2026-11-27T21:00:00.0000000Z' }, 'window_invalid'],
    ['a count that is no number', { Messages: 'many' }, 'messages_invalid'],
  ])('skip a row with %s, and never throw', (_case, overrides, reason) => {
    const skips: RowSkip[] = [];

    const floods = mailFloods([deepMerge(dummyRows()[0]!, overrides), null], {
      threshold,
      onSkip: (skip) => skips.push(skip),
    });

    expect(floods).toEqual([]);
    expect(skips).toEqual([
      { index: 0, reason },
      { index: 1, reason: 'row_invalid' },
    ]);
  });

  it('read a count sent as a string (a big long)', () => {
    const row = deepMerge(dummyRows()[0]!, { Messages: '412' });

    expect(mailFloods([row], { threshold })[0]?.messages).toBe(412);
  });

  it('refuse a threshold under one message, which would flood everyone', () => {
    let caught: unknown;
    try {
      mailFloods(dummyRows(), { threshold: 0 });
    } catch (err) {
      caught = err;
    }

    expect(isGuardError(caught, 'config_invalid')).toBe(true);
  });
});

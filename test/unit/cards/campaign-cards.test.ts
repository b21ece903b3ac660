import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { AdaptiveCardJson } from '../../../cards/adaptive-card';
import {
  campaignSecurityCard,
  campaignSecurityCardData,
  type CampaignSecurityCardOptions,
} from '../../../cards/campaign-security';
import {
  CAMPAIGN_BENIGN_VERB,
  CAMPAIGN_MALICIOUS_VERB,
  CAMPAIGN_REMOVE_CHATS_VERB,
  CAMPAIGN_REWARN_VERB,
} from '../../../cards/campaign-verbs';
import {
  blockingInstructions,
  campaignHuntingQuery,
  defenderHuntingUrl,
  powerShellLiteral,
  targetsMostSeriousFirst,
  targetState,
} from '../../../src/campaigns/campaign-guidance';
import type { CampaignRecord, CampaignTarget, TargetFlag } from '../../../src/campaigns/campaign-store';
import { translatorFor } from '../../../src/i18n/translations';
import { kqlStringLiteral } from '../../../src/reports/hunting-query';
import { cardProblems } from '../../support/card-check';
import { cardActions, cardTexts } from '../bot/support/card-content';
import {
  dummyAlice,
  dummyAnalyst,
  dummyAttackerTenantId,
  dummyBob,
  dummyStart,
  dummyTenantId,
} from '../src/reports/fake-report-deps';

const CARD_LIMIT_BYTES = 28_000;
const en = translatorFor({}, 'en');
const dummyCampaignId = 'cmp-3b2f7c1e-9d4a-4e8b-a1f0-6c5d4e3f2a1b';
const dummyAttackerObjectId = 'e5f6a7b8-0000-4000-8000-00000000beef';
const dummyDomain = 'helpdesk-x.onmicrosoft.com';

const threadOf = (aadObjectId: string): string => `19:${aadObjectId}_${dummyAttackerObjectId}@unq.gbl.spaces`;

/** An object ID as random as a real one (so a query of many compresses as little), the same on every run. */
const objectIdOf = (i: number): string => {
  const hex = createHash('sha256').update(`target-${i}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** Target `i` (object ID and UPN made from it), contacted `i` seconds after the start, with `flags`. */
const dummyTarget = (i: number, flags: Partial<Record<TargetFlag, number>> = {}): CampaignTarget => {
  const aadObjectId = objectIdOf(i);
  return {
    aadObjectId,
    upn: `user.${i}@contoso.com`,
    chatThreadIds: [threadOf(aadObjectId)],
    flags: { contacted: dummyStart + i * 1_000, ...flags },
  };
};

const at = dummyStart + 60_000;

/** Alice reported, Bob acknowledged and was re-warned, a third target's warning failed. */
const dummyCampaign = (overrides: Partial<CampaignRecord> = {}): CampaignRecord => ({
  campaignId: dummyCampaignId,
  tenantId: dummyTenantId,
  senderTenantId: dummyAttackerTenantId,
  detectedAt: dummyStart + 5_000,
  senders: [
    { displayName: 'IT Helpdesk', upn: `it@${dummyDomain}`, tenantId: dummyAttackerTenantId },
    { displayName: 'Microsoft Security', upn: `security@${dummyDomain}`, tenantId: dummyAttackerTenantId },
  ],
  domains: [dummyDomain],
  firstContactAt: dummyStart,
  lastContactAt: dummyStart + 2_000,
  targets: [
    {
      aadObjectId: dummyAlice.aadObjectId,
      upn: dummyAlice.upn,
      chatThreadIds: [threadOf(dummyAlice.aadObjectId)],
      flags: { contacted: dummyStart, warned: dummyStart + 5_000, reported: at },
    },
    {
      aadObjectId: dummyBob.aadObjectId,
      upn: dummyBob.upn,
      chatThreadIds: [threadOf(dummyBob.aadObjectId)],
      flags: { contacted: dummyStart + 1_000, warned: at, acknowledged: at, rewarned: at + 1 },
    },
    dummyTarget(3, { warning_failed: at }),
  ],
  status: 'open',
  actions: [],
  ...overrides,
});

const options = (overrides: Partial<CampaignSecurityCardOptions> = {}): CampaignSecurityCardOptions => ({
  canRemoveChats: true,
  removeChatsSetup: "Set SSO_CONNECTION_NAME to the Azure Bot's OAuth connection (README, admin guide).",
  now: dummyStart + 600_000,
  ...overrides,
});

const triage = { by: dummyAnalyst, at: dummyStart + 300_000 };
const malicious = dummyCampaign({ status: 'malicious', triage: { ...triage, decision: 'malicious' } });
const benign = dummyCampaign({ status: 'benign', triage: { ...triage, decision: 'benign' } });
const manyTargets = (n: number): CampaignTarget[] =>
  Array.from({ length: n }, (_, i) =>
    dummyTarget(i, { warned: dummyStart + i * 1_000 + 5, ...(i % 50 === 0 ? { reported: at } : {}) }),
  );
const setup = 'Add the delegated permission Chat.ReadWrite.All, then set SSO_CONNECTION_NAME ("graph-sso").';

const cards: Array<[string, AdaptiveCardJson]> = [
  ['open', campaignSecurityCard(en, dummyCampaign(), options())],
  ['confirmed malicious', campaignSecurityCard(en, malicious, options())],
  ['benign, removal not set up', campaignSecurityCard(en, benign, options({ canRemoveChats: false }))],
  [
    'open, with history, removal not set up',
    campaignSecurityCard(
      en,
      dummyCampaign({
        actions: [
          { action: 'rewarn', by: dummyAnalyst, at: at + 10_000, count: 12 },
          { action: 'remove_chats', by: dummyAnalyst, at: at + 20_000, count: 10, failed: 2 },
        ],
      }),
      options({ canRemoveChats: false, removeChatsSetup: setup }),
    ),
  ],
  ['no sender known', campaignSecurityCard(en, dummyCampaign({ senders: [], domains: [] }), options())],
];

describe.each(cards)('campaign card: %s', (_name, card) => {
  it('is an Adaptive Card 1.5 with no problems and no template expression left', () => {
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardProblems(card)).toEqual([]);
  });

  it('gives every Action.Execute a verb and the campaign ID', () => {
    for (const action of cardActions(card).filter((a) => a.type === 'Action.Execute')) {
      expect(action.verb).toMatch(/^campaign\./);
      expect(action.data).toEqual({ campaignId: dummyCampaignId });
    }
  });

  it('matches its snapshot', () => {
    expect(card).toMatchSnapshot();
  });
});

describe('campaign target state', () => {
  it.each<[Partial<Record<TargetFlag, number>>, string]>([
    [{ warned: 1, acknowledged: 2, verified: 3, reported: 4, remote_tool: 5 }, 'remote_tool'],
    [{ warned: 1, acknowledged: 2, verified: 3, reported: 4 }, 'reported'],
    [{ warned: 1, acknowledged: 2, verified: 3 }, 'verified'],
    [{ warned: 1, acknowledged: 2 }, 'acknowledged'],
    [{ warned: 1, warning_failed: 2 }, 'warned'],
    [{ warning_failed: 2, rewarned: 3, chat_removed: 4 }, 'warning_failed'],
    [{ verification_failed: 2 }, 'contacted'],
    [{}, 'contacted'],
  ])('reads %p as %s', (flags, state) => {
    expect(targetState({ flags: { contacted: 0, ...flags } })).toBe(state);
  });

  it('orders the most serious state first, then the latest contact', () => {
    const order = targetsMostSeriousFirst([
      dummyTarget(1, { warned: at }),
      dummyTarget(2, { remote_tool: at }),
      dummyTarget(3, { warned: at }),
      dummyTarget(4),
      dummyTarget(5, { reported: at }),
    ]).map((target) => target.upn);

    expect(order).toEqual([
      'user.2@contoso.com',
      'user.5@contoso.com',
      'user.3@contoso.com',
      'user.1@contoso.com',
      'user.4@contoso.com',
    ]);
  });

  it('lists each target with its state in words and its markers, most serious first', () => {
    const texts = cardTexts(cards[0][1]);
    const start = texts.indexOf('Targets, most serious first (3)');

    expect(texts.slice(start + 1, start + 4)).toEqual([
      '- alice@contoso.com: Reported',
      '- bob@contoso.com: Acknowledged ("I know this person") · re-warned',
      '- user.3@contoso.com: Warning failed',
    ]);
  });

  it('marks removed chats and wrong codes', () => {
    const card = campaignSecurityCard(
      en,
      dummyCampaign({ targets: [dummyTarget(7, { warned: at, verification_failed: at, chat_removed: at })] }),
      options(),
    );

    expect(cardTexts(card)).toContain('- user.7@contoso.com: Warned · checked a wrong code · chat removed');
  });

  it('counts each state in plain words', () => {
    expect(cardTexts(cards[0][1])).toContain(
      'Warned 2 · Acknowledged 1 · Verified 0 · Reported 1 · Remote tool 0 · Warning failed 1 · Re-warned 1',
    );
  });
});

describe('campaign card content', () => {
  it('names the size of the campaign and its sender, and says it is open', () => {
    const texts = cardTexts(cards[0][1]);

    expect(texts.slice(0, 2)).toEqual([
      'Campaign: 3 people contacted by IT Helpdesk and 1 other account',
      'Open: waiting for triage',
    ]);
    expect(texts).toEqual(
      expect.arrayContaining([
        `Senders: IT Helpdesk (it@${dummyDomain}); Microsoft Security (security@${dummyDomain})`,
        `Sender tenant: ${dummyAttackerTenantId}`,
        `Domains: ${dummyDomain}`,
        'First contact: {{DATE(2026-11-27T22:00:00Z, SHORT)}} {{TIME(2026-11-27T22:00:00Z)}}',
        'Last contact: {{DATE(2026-11-27T22:00:02Z, SHORT)}} {{TIME(2026-11-27T22:00:02Z)}}',
        `Campaign ID: ${dummyCampaignId}`,
        'Updated {{DATE(2026-11-27T22:10:00Z, SHORT)}} {{TIME(2026-11-27T22:10:00Z)}}',
      ]),
    );
  });

  it('names the tenant when no sender account is known', () => {
    expect(cardTexts(cards[4][1])[0]).toBe(`Campaign: 3 people contacted by tenant ${dummyAttackerTenantId}`);
  });

  it.each([
    [malicious, 'Confirmed malicious by Sam Security, {{DATE(2026-11-27T22:05:00Z, SHORT)}}', 'attention'],
    [benign, 'Marked benign by Sam Security, {{DATE(2026-11-27T22:05:00Z, SHORT)}}', 'good'],
  ])('says the decision, who and when, in words', (campaign, text, style) => {
    const data = campaignSecurityCardData(en, campaign, options());

    expect(data.statusText).toContain(text);
    expect(data.statusStyle).toBe(style);
  });

  it('shows the analysts\u2019 actions, oldest first', () => {
    const texts = cardTexts(cards[3][1]);

    expect(texts).toContain(
      '- Re-warned 12 users — Sam Security, {{DATE(2026-11-27T22:01:10Z, SHORT)}} {{TIME(2026-11-27T22:01:10Z)}}',
    );
    expect(texts).toContain(
      '- Chats removed for 10 users (2 failed) — Sam Security, {{DATE(2026-11-27T22:01:20Z, SHORT)}} {{TIME(2026-11-27T22:01:20Z)}}',
    );
    expect(cardTexts(cards[0][1])).toContain('None yet.');
  });

  it.each([
    [
      'open',
      dummyCampaign(),
      true,
      [CAMPAIGN_MALICIOUS_VERB, CAMPAIGN_BENIGN_VERB, CAMPAIGN_REWARN_VERB, CAMPAIGN_REMOVE_CHATS_VERB],
    ],
    [
      'open, removal not set up',
      dummyCampaign(),
      false,
      [CAMPAIGN_MALICIOUS_VERB, CAMPAIGN_BENIGN_VERB, CAMPAIGN_REWARN_VERB],
    ],
    ['malicious', malicious, true, [CAMPAIGN_REWARN_VERB, CAMPAIGN_REMOVE_CHATS_VERB]],
    ['malicious, removal not set up', malicious, false, [CAMPAIGN_REWARN_VERB]],
    ['benign', benign, true, [CAMPAIGN_REMOVE_CHATS_VERB]],
    ['benign, removal not set up', benign, false, []],
  ])('offers the right actions when %s', (_what, campaign, canRemoveChats, verbs) => {
    const card = campaignSecurityCard(en, campaign, options({ canRemoveChats }));
    const executes = cardActions(card).filter((action) => action.type === 'Action.Execute');

    expect(executes.map((action) => action.verb)).toEqual(verbs);
    expect(cardProblems(card)).toEqual([]);
  });

  it('titles the actions in plain words', () => {
    expect(cardActions(cards[0][1]).map((action) => [action.type, action.title])).toEqual([
      ['Action.Execute', 'Confirm malicious'],
      ['Action.Execute', 'Benign'],
      ['Action.Execute', 'Re-warn users who did not acknowledge'],
      ['Action.Execute', 'Remove the chats for all targets'],
      ['Action.ShowCard', 'Blocking instructions'],
      ['Action.OpenUrl', 'Open in advanced hunting'],
      ['Action.ShowCard', 'Hunting query'],
    ]);
  });

  it('shows the caller\u2019s setup text under "Set up chat removal" instead of the removal button, and only then', () => {
    expect(JSON.stringify(cards[3][1])).toContain(JSON.stringify(setup).slice(1, -1));
    expect(JSON.stringify(cards[3][1])).toContain('"title":"Set up chat removal"');
    expect(cardTexts(cards[3][1]).join('\n')).toMatch(/needs Teams single sign-on/);
    expect(JSON.stringify(cards[0][1])).not.toContain(JSON.stringify(setup).slice(1, -1));
    expect(JSON.stringify(cards[0][1])).not.toContain('Set up chat removal');
    expect(JSON.stringify(cards[0][1])).not.toContain('needs Teams single sign-on');
  });

  it('opens the campaign\u2019s query in advanced hunting and shows it to copy', () => {
    const campaign = dummyCampaign();
    const json = JSON.stringify(cards[0][1]);

    expect(json).toContain(JSON.stringify(defenderHuntingUrl(campaignHuntingQuery(campaign))));
    expect(json).toContain(JSON.stringify(campaignHuntingQuery(campaign)));
    expect(json).toContain('"fontType":"Monospace"');
  });

  it('keeps an attacker\u2019s display name from becoming a link', () => {
    const card = campaignSecurityCard(
      en,
      dummyCampaign({
        senders: [{ displayName: '[Open](https://evil.example)', upn: `x@${dummyDomain}`, tenantId: null }],
      }),
      options(),
    );
    const json = JSON.stringify(card);

    expect(json).not.toContain('](https://evil.example');
    expect(cardTexts(card)[0]).toBe('Campaign: 3 people contacted by [Open]\u200b(https://evil.example)');
  });

  it('stays under 28,000 bytes with 2,000 targets, and says how many it leaves out', () => {
    const card = campaignSecurityCard(en, dummyCampaign({ targets: manyTargets(2_000) }), options());
    const texts = cardTexts(card);

    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(CARD_LIMIT_BYTES);
    expect(texts.filter((text) => /^- user\.\d+@contoso\.com: /.test(text))).toHaveLength(40);
    expect(texts).toContain('and 1960 more (the hunting query covers the 80 most serious)');
    expect(texts[0]).toBe('Campaign: 2000 people contacted by IT Helpdesk and 1 other account');
    expect(cardProblems(card)).toEqual([]);
  });

  it('stays under 28,000 bytes when the attacker picks the longest names', () => {
    const long = (i: number) => `${'x'.repeat(60)}${i}@${'d'.repeat(40)}${i}.onmicrosoft.com`;
    const card = campaignSecurityCard(
      en,
      dummyCampaign({
        senders: Array.from({ length: 20 }, (_, i) => ({
          displayName: `IT Helpdesk ${'N'.repeat(250)}${i}`,
          upn: long(i),
          tenantId: null,
        })),
        domains: Array.from({ length: 12 }, (_, i) => `${'d'.repeat(200)}${i}.onmicrosoft.com`),
        targets: manyTargets(2_000),
      }),
      options(),
    );

    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(CARD_LIMIT_BYTES);
    expect(cardProblems(card)).toEqual([]);
  });

  it('says every target is in the hunting query when the query names them all', () => {
    const card = campaignSecurityCard(en, dummyCampaign({ targets: manyTargets(45) }), options());

    expect(cardTexts(card)).toContain('and 5 more (all in the hunting query)');
  });

  it('has distinct verbs in the campaign namespace', () => {
    const verbs = [
      CAMPAIGN_MALICIOUS_VERB,
      CAMPAIGN_BENIGN_VERB,
      CAMPAIGN_REWARN_VERB,
      CAMPAIGN_REMOVE_CHATS_VERB,
    ];

    expect(verbs).toEqual([
      'campaign.malicious',
      'campaign.benign',
      'campaign.rewarn',
      'campaign.removeChats',
    ]);
  });
});

/** The values of a `let name = dynamic([...]);` line (kqlStringLiteral's escapes are JSON's). */
const kqlLetList = (query: string, name: string): string[] => {
  const line = query.split('\n').find((l) => l.startsWith(`let ${name} = dynamic([`));
  if (line === undefined) throw new Error(`no let ${name} in\n${query}`);
  return JSON.parse(line.slice(`let ${name} = dynamic(`.length, -');'.length)) as string[];
};

describe('campaignHuntingQuery', () => {
  it('names every chat and every target of the campaign, each as an escaped literal', () => {
    const campaign = dummyCampaign();
    const query = campaignHuntingQuery(campaign);

    for (const target of campaign.targets) {
      expect(query).toContain(kqlStringLiteral(target.aadObjectId));
      expect(query).toContain(kqlStringLiteral(target.chatThreadIds[0]));
    }
    expect(kqlLetList(query, 'threadIds')).toHaveLength(3);
    expect(kqlLetList(query, 'targets')).toEqual([
      dummyAlice.aadObjectId,
      dummyBob.aadObjectId,
      dummyTarget(3).aadObjectId,
    ]);
    expect(kqlLetList(query, 'senders')).toEqual([`it@${dummyDomain}`, `security@${dummyDomain}`]);
  });

  it('joins the chats, their creation and remote tools on the targets\u2019 devices over 30 days', () => {
    const query = campaignHuntingQuery(dummyCampaign());

    for (const part of [
      '| where ThreadId in (threadIds) or SenderEmailAddress in~ (senders)',
      'ActionType == "ChatCreated"',
      'tostring(RawEventData.ChatThreadId)',
      'DeviceProcessEvents',
      'AccountObjectId in~ (targets)',
      'let remoteTools = dynamic(["QuickAssist.exe", "AnyDesk.exe", "TeamViewer.exe"]);',
      'ago(30d)',
    ]) {
      expect(query).toContain(part);
    }
  });

  it('keeps a thread ID with quotes, backslashes and line breaks inside its literal', () => {
    const hostile = '19:x"]); DeviceEvents | take 1 //\\\n"';
    const query = campaignHuntingQuery(
      dummyCampaign({ targets: [{ ...dummyTarget(1), chatThreadIds: [hostile] }] }),
    );

    expect(kqlLetList(query, 'threadIds')).toEqual([hostile]);
    expect(query).not.toContain('DeviceEvents | take 1 //\\\n');
  });

  it('caps the lists for a large campaign and says so in a comment', () => {
    const query = campaignHuntingQuery(dummyCampaign({ targets: manyTargets(2_000) }));

    expect(kqlLetList(query, 'threadIds')).toHaveLength(80);
    expect(kqlLetList(query, 'targets')).toHaveLength(80);
    expect(kqlLetList(query, 'targets')[0]).toBe(dummyTarget(1950).aadObjectId);
    expect(query.split('\n')[1]).toMatch(
      /^\/\/ Capped to fit the Teams card: 80 of 2000 chats and 80 of 2000 targets/,
    );
    expect(campaignHuntingQuery(dummyCampaign())).not.toContain('Capped');
  });
});

describe('defenderHuntingUrl', () => {
  it('carries the query as UTF-16LE, gzip and base64url, for the last month', () => {
    const query = campaignHuntingQuery(dummyCampaign());
    const url = new URL(defenderHuntingUrl(query));
    const encoded = url.searchParams.get('query') ?? '';

    expect(url.origin + url.pathname).toBe('https://security.microsoft.com/v2/advanced-hunting');
    expect(url.searchParams.get('timeRangeId')).toBe('month');
    expect(gunzipSync(Buffer.from(encoded, 'base64url')).toString('utf16le')).toBe(query);
    expect(url.href.length).toBeLessThanOrEqual(2_000);
  });

  it('leaves the query out when it would make the link longer than 2,000 characters', () => {
    const query = campaignHuntingQuery(dummyCampaign({ targets: manyTargets(2_000) }));

    expect(defenderHuntingUrl(query)).toBe(
      'https://security.microsoft.com/v2/advanced-hunting?timeRangeId=month',
    );
  });
});

/** The blocking steps in English, each step's lines joined as the card shows them. */
const steps = (campaign: CampaignRecord) =>
  blockingInstructions(campaign).steps.map((step) => ({
    title: en.text(step.title),
    text: step.lines.map((line) => (typeof line === 'string' ? line : en.text(line))).join('\n'),
  }));

/** The PowerShell single-quoted strings of `text` from `start`, separated by commas, as PowerShell reads them. */
const powerShellStrings = (text: string, start: number): string[] => {
  const quotes = "'\u2018\u2019\u201a\u201b";
  const values: string[] = [];
  let i = start;
  while (quotes.includes(text[i])) {
    let value = '';
    i += 1;
    for (;;) {
      if (i >= text.length) throw new Error(`unterminated string in ${text}`);
      if (quotes.includes(text[i]) && !quotes.includes(text[i + 1] ?? '')) break;
      if (quotes.includes(text[i])) i += 1;
      value += text[i];
      i += 1;
    }
    values.push(value);
    i += 1;
    if (text[i] === ',') i += 1;
  }
  return values;
};

describe('blockingInstructions', () => {
  const stepText = (campaign: CampaignRecord, title: RegExp): string =>
    steps(campaign).find((step) => title.test(step.title))?.text ?? '';

  it('fills in the Tenant Allow/Block List with the domains and the setting it needs', () => {
    const text = stepText(dummyCampaign(), /Tenant Allow\/Block List/);

    expect(text).toContain('https://security.microsoft.com/tenantAllowBlockList');
    expect(text.split('\n')).toContain(dummyDomain);
    expect(text).toContain('Allow my security team to manage blocked domains and blocked users');
    expect(text).toContain(
      'Set-CsTenantFederationConfiguration -SecurityTeamAllowBlockListDelegation Enabled',
    );
    expect(text).toContain('-DomainBlockingForMDOAdminsInTeams Enabled');
    expect(text).toContain('deletes the existing ones');
  });

  it('blocks every sender account with one command', () => {
    const text = stepText(dummyCampaign(), /sender accounts/);
    const command =
      'Set-CsTeamsExternalAccessConfiguration -Identity Global -BlockExternalUserAccess $true -BlockedUsers @{Add=';

    expect(text).toContain(`${command}'it@${dummyDomain}','security@${dummyDomain}'}`);
  });

  it('blocks each domain in federation with its own command', () => {
    const text = stepText(
      dummyCampaign({ domains: [dummyDomain, 'other-x.onmicrosoft.com'] }),
      /external access/,
    );

    expect(text).toContain(
      `Set-CsTenantFederationConfiguration -BlockedDomains @{Add=(New-CsEdgeDomainPattern -Domain '${dummyDomain}')}`,
    );
    expect(text).toContain("New-CsEdgeDomainPattern -Domain 'other-x.onmicrosoft.com')}");
  });

  it.each([
    ['a double quote and a subexpression', 'it"$(Invoke-Expression calc)"@x.onmicrosoft.com'],
    ['a backtick and a variable', 'it`$env:USERNAME@x.onmicrosoft.com'],
    [
      'single quotes, plain and typographic',
      "o'brien\u2019'; Remove-Item C:\\ -Recurse; '@x.onmicrosoft.com",
    ],
  ])('keeps a UPN with %s inside its literal', (_what, upn) => {
    const text = stepText(
      dummyCampaign({
        senders: [
          { displayName: 'IT', upn, tenantId: null },
          { displayName: 'IT 2', upn: 'b@x.com', tenantId: null },
        ],
      }),
      /sender accounts/,
    );
    const start = text.indexOf('@{Add=') + '@{Add='.length;
    const values = powerShellStrings(text, start);

    expect(values).toEqual([upn, 'b@x.com']);
    expect(text.endsWith('}')).toBe(true);
  });

  it.each([
    ['a quote', "evil'); Remove-Item C:\\ #.onmicrosoft.com"],
    ['a line break', 'evil.onmicrosoft.com\nStop-Computer'],
  ])('keeps a domain with %s inside its literal and on its line', (_what, domain) => {
    const text = stepText(dummyCampaign({ domains: [domain] }), /external access/);
    const line = text.split('\n').find((l) => l.startsWith('Set-CsTenantFederationConfiguration')) ?? '';
    const values = powerShellStrings(line, line.indexOf('-Domain ') + '-Domain '.length);

    expect(values).toEqual([domain.replace('\n', '\ufffd')]);
    expect(text.split('\n')).not.toContain('Stop-Computer');
  });

  it('doubles every kind of single quote', () => {
    expect(powerShellLiteral("a'b\u2018c")).toBe("'a''b\u2018\u2018c'");
  });

  it('says why there is no domain to block, and leaves the domain commands out', () => {
    const shown = steps(dummyCampaign({ domains: [] }));

    expect(shown.map((step) => step.title)).toEqual([
      'No domain to block',
      'Block the sender accounts (Teams PowerShell)',
    ]);
    expect(shown[0].text).toContain('no domain');
    expect(shown.map((step) => step.text).join('\n')).not.toContain('-BlockedDomains');
  });

  it('says why there is no sender account to block', () => {
    const shown = steps(dummyCampaign({ senders: [], domains: [] }));

    expect(shown.map((step) => step.title)).toEqual(['No domain to block', 'No sender account to block']);
    expect(shown.map((step) => step.text).join('\n')).not.toContain('@{Add=');
  });

  it('shows each line in a monospace TextBlock, attacker text as plain text', () => {
    const data = campaignSecurityCardData(
      en,
      dummyCampaign({
        senders: [{ displayName: 'IT', upn: '[x](https://evil.example)@x.com', tenantId: null }],
      }),
      options(),
    );
    const card = campaignSecurityCard(
      en,
      dummyCampaign({
        senders: [{ displayName: 'IT', upn: '[x](https://evil.example)@x.com', tenantId: null }],
      }),
      options(),
    );
    const json = JSON.stringify(card);

    expect(data.blockingSteps.map((step) => step.title)).toEqual([
      'Block the domains in the Tenant Allow/Block List (Microsoft Defender portal)',
      'Block the sender accounts (Teams PowerShell)',
      'Or block the domains in Teams external access (Teams PowerShell)',
    ]);
    expect(json).not.toContain('](https://evil.example');
    expect(json).toContain(
      '{"type":"TextBlock","text":"Set-CsTenantFederationConfiguration -SecurityTeamAllowBlockListDelegation Enabled","fontType":"Monospace","size":"Small","spacing":"None","wrap":true}',
    );
  });
});

/** The English catalogue's sentences of `section` (no placeholders, long enough to be unmistakable). */
const englishSentences = (section: Record<string, unknown>): string[] =>
  Object.values(section).flatMap((value) =>
    typeof value === 'string'
      ? value.length >= 12 && !value.includes('{{')
        ? [value]
        : []
      : englishSentences(value as Record<string, unknown>),
  );

describe('campaign card in the security team’s language', () => {
  const de = translatorFor({}, 'de-DE');
  const german = campaignSecurityCard(
    de,
    dummyCampaign({ actions: [{ action: 'rewarn', by: dummyAnalyst, at: at + 10_000, count: 12 }] }),
    options({ canRemoveChats: false }),
  );

  it('is German throughout, with commands and values left as they are', () => {
    const texts = cardTexts(german);

    expect(texts[0]).toBe('Kampagne: 3 Personen von IT Helpdesk und 1 weiteres Konto kontaktiert');
    expect(texts).toContain('Offen: wartet auf Bewertung');
    expect(texts).toContain('Betroffene, schwerwiegendste zuerst (3)');
    expect(texts).toContain('- alice@contoso.com: Gemeldet');
    expect(texts).toContain(`Domänen: ${dummyDomain}`);
    expect(texts).toContain(
      'Set-CsTenantFederationConfiguration -SecurityTeamAllowBlockListDelegation Enabled',
    );
    expect(cardActions(german).map((action) => action.title)).toEqual(
      expect.arrayContaining([
        'Als bösartig bestätigen',
        'Harmlos',
        'Anleitung zum Blockieren',
        'Suchabfrage',
      ]),
    );
    expect(cardProblems(german)).toEqual([]);
  });

  it('leaks no English sentence', () => {
    const json = JSON.stringify(german);
    const english = [
      ...englishSentences(en.section('security.campaign.card')),
      ...englishSentences(en.section('security.campaign.text')),
      ...englishSentences(en.section('security.campaign.states')),
      ...englishSentences(en.section('security.campaign.blocking')),
    ];

    expect(english.length).toBeGreaterThan(20);
    expect(english.filter((sentence) => json.includes(JSON.stringify(sentence).slice(1, -1)))).toEqual([]);
  });

  it('falls back to English for a language it has no catalogue for', () => {
    const card = campaignSecurityCard(translatorFor({}, 'zh-CN'), dummyCampaign(), options());

    expect(card).toEqual(cards[0][1]);
  });

  it('takes the profile’s override of a message', () => {
    const t = translatorFor(
      { messages: { en: { 'security.campaign.card.confirmMalicious': 'Mark as an attack' } } },
      'en',
    );

    expect(cardActions(campaignSecurityCard(t, dummyCampaign(), options()))[0].title).toBe(
      'Mark as an attack',
    );
  });

  it.each(['de', 'fr', 'es', 'pt', 'ja'])(
    'renders every target, count and step in %s with no problem',
    (lng) => {
      const card = campaignSecurityCard(
        translatorFor({}, lng),
        dummyCampaign({ targets: manyTargets(45) }),
        options(),
      );

      expect(cardProblems(card)).toEqual([]);
      expect(JSON.stringify(card)).not.toContain('security.campaign.');
    },
  );
});

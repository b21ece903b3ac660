import { REMOTE_TOOL_MYSELF_VERB, REMOTE_TOOL_NOT_ME_VERB } from '../../../../cards/remote-tool-verbs';
import type { RemoteToolAlert, RemoteToolAnswer } from '../../../../src/hunting/remote-tool-alerts';
import { DUMMY_HOME_TENANT, DUMMY_USER_ID } from '../../../support/activities';
import { DUMMY_SENDER, DUMMY_WARNED_CHAT } from '../../bot/support/handler-deps';

export const DUMMY_ALERT_ID = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
export const VERBS: Record<RemoteToolAnswer, string> = {
  not_me: REMOTE_TOOL_NOT_ME_VERB,
  myself: REMOTE_TOOL_MYSELF_VERB,
};

/** Quick Assist on Alice's laptop, 12 minutes after she was warned about the "IT Helpdesk" chat. */
export const dummyAlert = (overrides: Partial<RemoteToolAlert> = {}): RemoteToolAlert => {
  const startedAt = Date.now() - 2 * 60_000;
  return {
    alertId: DUMMY_ALERT_ID,
    tenantId: DUMMY_HOME_TENANT,
    user: { aadObjectId: DUMMY_USER_ID, upn: 'alice@contoso.com', displayName: 'Alice Example' },
    device: { id: 'c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0', name: 'lt-alice-01.contoso.com' },
    tool: 'Quick Assist',
    processName: 'QuickAssist.exe',
    startedAt,
    warnedAt: startedAt - 12 * 60_000,
    chatThreadId: DUMMY_WARNED_CHAT,
    sender: DUMMY_SENDER,
    createdAt: startedAt + 60_000,
    ...overrides,
  };
};

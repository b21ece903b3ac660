import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import type { AppConfig } from '../src/config/load-config';
import type { EventPublisher } from '../src/events/event-publisher';
import type { Metrics } from '../src/http/metrics';
import type { RemoteToolAlerts } from '../src/hunting/remote-tool-alerts';
import type { Logger } from '../src/log/logger';
import type { FirstContactLog } from '../src/reports/first-contact-log';
import type { SecurityTeam } from '../src/reports/report-deps';
import type { ReportService } from '../src/reports/report-service';
import type { WorkQueue } from '../src/store/ports';
import type { Stores } from '../src/store/stores';
import type { SenderLists } from '../src/verdicts';
import type { HelpdeskPhraseSource } from '../src/verification/helpdesk-phrase';
import type { VerificationService } from '../src/verification/verification-service';
import type { CampaignServices } from './campaign-wiring';
import type { Notification } from './proactive/notifications';
import type { ProactiveSender } from './proactive/proactive-sender';
import type { SecurityChannel } from './proactive/security-channel';

/** Everything a handler may ask for; each asks for the narrowest Pick<> it needs. */
export interface Deps {
  config: AppConfig;
  log: Logger;
  metrics: Metrics;
  stores: Stores;
  profile: HelpdeskProfile;
  events: EventPublisher;
  verification: VerificationService;
  /** Undefined unless HELPDESK_PHRASE_ENABLED=true. */
  phrase?: HelpdeskPhraseSource;
  sender: ProactiveSender;
  firstContacts: FirstContactLog;
  /** Remote tools after a warning (stores.remoteToolAlerts). */
  remoteToolAlerts: RemoteToolAlerts;
  /** SECURITY_TEAM_IDS: who may triage and edit the sender lists. */
  securityTeam: SecurityTeam;
  /** The security team's block and allow lists (stores.senderLists), with their events. */
  senderLists: SenderLists;
  reports: ReportService;
  /** Work done after a tap is answered (security cards, feedback, channel notices). */
  notifications: Pick<WorkQueue<Notification>, 'enqueue'>;
  securityChannel: SecurityChannel;
  /** Campaigns: the analysts' actions on the campaign card, the card itself, its worker. */
  campaigns: CampaignServices;
}

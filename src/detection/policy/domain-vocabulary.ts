/**
 * What a tenant's or a domain's own name says: the words of the label that names its owner
 * ("msftprotection" in msftprotection.onmicrosoft.com), each with what it alone weighs
 * there. Attackers name a fresh tenant after a Microsoft service or a support role and
 * give the account a plausible person's name (Storm-1811: securityadminhelper,
 * supportserviceadmin, cybersecurityadmin; Midnight Blizzard: msftprotection,
 * identityverification, teamsprotection), so the label carries its own weight.
 *
 * Two weights per word: in a *.onmicrosoft.com tenant (`tenant`: a fresh tenant costs
 * nothing, and a business that bought its own domain rarely talks from this one) and in a
 * custom domain (`domain`: a bought domain, often an ordinary business's, named for what it
 * does: "acme-security.com", "windows-and-doors.co.uk").
 */

import { BASE_TERMS } from './vocabulary';

/** What a word in the label makes its owner look like, for the card's sentence. */
export type DomainTheme = 'microsoft' | 'security' | 'admin' | 'support' | 'account' | 'none';

export interface DomainTermSpec {
  text: string;
  theme: DomainTheme;
  /** What the word alone weighs in a *.onmicrosoft.com tenant's name. */
  tenant: number;
  /** What it alone weighs in a custom domain's owner label. */
  domain: number;
}

const words = (theme: DomainTheme, tenant: number, domain: number, texts: string[]): DomainTermSpec[] =>
  texts.map((text) => ({ text, theme, tenant, domain }));

/**
 * Microsoft's names. The distinctive ones are enough anywhere outside Microsoft's own
 * domains; the ones that are also ordinary words (Windows, Teams, Azure, Outlook) only in
 * a tenant's name or next to another word of this list.
 */
const MICROSOFT = [
  ...words('microsoft', 0.5, 0.5, [
    'Microsoft',
    'MSFT',
    'Microsoft 365',
    'Office 365',
    'O365',
    'M365',
    'MS365',
    'MSO365',
    'SharePoint',
    'OneDrive',
    'Intune',
    'Entra',
    'Entra ID',
    'Azure AD',
    'AAD',
    'MSTeams',
    'Exchange Online',
  ]),
  ...words('microsoft', 0.3, 0.15, ['Teams', 'Azure', 'Outlook', 'Defender', 'Windows', 'MS', 'Office']),
  ...words('microsoft', 0.2, 0.05, ['Exchange']),
];

const SECURITY = [
  ...words('security', 0.55, 0.3, ['Cybersecurity', 'Cyber Security', 'Infosec', 'SecOps', 'IT Security']),
  ...words('security', 0.45, 0.25, ['Security', 'Cyber', 'Threat', 'Phishing']),
  ...words('security', 0.3, 0.1, ['Secure', 'SOC', 'Defense', 'Defence', 'Safety']),
];

const ADMIN = [
  ...words('admin', 0.55, 0.3, ['Sysadmin', 'IT Admin', 'Tenant Admin', 'Global Admin']),
  ...words('admin', 0.45, 0.2, ['Admin', 'Admins', 'Administrator', 'Administrators', 'Adminstrator']),
];

const SUPPORT = [
  ...words('support', 0.55, 0.35, [
    'Helpdesk',
    'Help Desk',
    'Service Desk',
    'IT Support',
    'Tech Support',
    'IT Helpdesk',
    'IT Service',
    'IT Services',
    'IT Team',
    'IT Dept',
    'IT Department',
  ]),
  ...words('support', 0.4, 0.15, ['Helpline', 'Technician', 'Tech Team']),
  // "Support" alone names care services and shops as often as IT: not enough alone.
  ...words('support', 0.3, 0.15, ['Support', 'IT']),
];

/** Words that name a security team or an admin, in the languages of the vocabulary. */
const SECURITY_WORD =
  /secur|cyber|sicher|segur|sécur|bezpe|güvenlik|infosec|tietoturva|beveilig|säkerhet|sikkerhed/i;
const ADMIN_WORD = /admin/i;

/**
 * Every strong role of the display-name vocabulary (weighing 0.6 or more there) written in
 * letters an address can have: "globalitdesk" has 'IT Desk', "soportetecnico" 'Soporte Tecnico'.
 */
const ROLES: DomainTermSpec[] = BASE_TERMS.filter(
  (term) => term.kind === 'role' && term.weight >= 0.6 && /^[A-Za-z0-9 ]+$/.test(term.text),
).map((term) => ({
  text: term.text,
  theme: SECURITY_WORD.test(term.text) ? 'security' : ADMIN_WORD.test(term.text) ? 'admin' : 'support',
  tenant: 0.55,
  domain: 0.35,
}));

const ACCOUNT = [
  ...words('account', 0.45, 0.25, [
    'Verification',
    'Verify',
    'Verified',
    'No Reply',
    'Noreply',
    'Do Not Reply',
    'Donotreply',
    'Password',
    'Quarantine',
    'MFA',
  ]),
  ...words('account', 0.3, 0.15, [
    'Account',
    'Accounts',
    'Protection',
    'Protect',
    'Identity',
    'Sign In',
    'Login',
    'Antispam',
    'Spam',
    'Alert',
    'Alerts',
    'Update',
    'Updates',
    'Notification',
    'Notifications',
    'Compliance',
    'Recovery',
    'Authentication',
  ]),
];

/**
 * Words that hold a listed word and mean something else ("accounting" is no "account",
 * "supporters" no "support"), and words that say nothing alone but let a short word next to
 * them count ("helper" in securityadminhelper).
 */
const NEUTRAL = words('none', 0, 0, [
  'Accounting',
  'Accountant',
  'Accountants',
  'Accountancy',
  'Supporters',
  'Supportive',
  'Securitas',
  'Administration',
  'Helper',
  'Helpers',
  'Center',
  'Centre',
  'Team',
  'Group',
  'Service',
  'Services',
  'Online',
  'Official',
  'Global',
  'Cloud',
  'Desk',
  'Portal',
]);

/** The built-in words of owner labels; an organisation's role terms are added per policy. */
export const DOMAIN_TERMS: readonly DomainTermSpec[] = [
  ...ROLES,
  ...MICROSOFT,
  ...SECURITY,
  ...ADMIN,
  ...SUPPORT,
  ...ACCOUNT,
  ...NEUTRAL,
];

/**
 * A label with words of Microsoft and of another theme ("teamsprotection",
 * "azuresecuritycenter") weighs at least this: the shape of a Microsoft security service.
 */
export const MICROSOFT_WITH_THEME = { tenant: 0.55, domain: 0.5 } as const;

/**
 * What a helpdesk impersonation says: support roles, Microsoft brands and lures seen in
 * real campaigns (Storm-1811 and its copycats). Each term has a weight: how strongly it
 * alone suggests "this is IT calling". Words that ordinary names contain ("help",
 * "desk", "it") weigh little alone and count only next to other terms.
 */

/** Why a term is in the vocabulary; the decision combines kinds differently. */
export type TermKind = 'role' | 'brand' | 'lure' | 'filler' | 'org' | 'helpdesk';

export interface TermSpec {
  text: string;
  kind: TermKind;
  weight: number;
}

const terms = (kind: TermKind, weight: number, texts: string[]): TermSpec[] =>
  texts.map((text) => ({ text, kind, weight }));

/** Roles that mean "IT support" on their own. */
const STRONG_ROLES = terms('role', 0.75, [
  'Helpdesk',
  'Help Desk',
  'Service Desk',
  'Servicedesk',
  'IT Support',
  'IT Helpdesk',
  'Tech Support',
  'Technical Support',
  'Support Desk',
  'Desktop Support',
  'IT Services',
  'IT Service',
  'IT Department',
  'IT Dept',
  'IT Team',
  'IT Admin',
  'IT Administrator',
  'IT Operations',
  'IT Security',
  'IT Help',
  'IT Desk',
  'IT Helpline',
  'IT Staff',
  'System Administrator',
  'Systems Administrator',
  'Sysadmin',
  'Security Team',
  'Security Operations',
  'SOC Team',
  'SOC Analyst',
  'Cyber Security',
  'Cybersecurity',
  'Information Security',
  'Infosec',
  'Support Team',
  'Support Center',
  'Support Centre',
  'Help Center',
  'Help Centre',
  'Admin Team',
  'Network Operations',
  'Tenant Admin',
  'Global Admin',
  'Global Administrator',
  'Security Desk',
  'Support Services',
  'Security Center',
  'Security Centre',
  'Trust and Safety',
  'Account Team',
  'Identity Team',
  'Admin Center',
  // Other languages seen in campaigns against European and Latin American tenants.
  'IT Abteilung',
  'IT Sicherheit',
  'Sicherheitsteam',
  'Technischer Support',
  'Support Technique',
  'Support Informatique',
  'Service Informatique',
  'Soporte Tecnico',
  'Soporte TI',
  'Mesa de Ayuda',
  'Suporte Tecnico',
  'Assistenza Tecnica',
  'Supporto Tecnico',
  'Supporto IT',
  'Servicio Tecnico',
  'Centrum Pomocy',
  'Wsparcie IT',
  'Dział IT',
]);

/** Roles that suggest support but also name ordinary jobs or vendors. */
const ROLES = [
  ...terms('role', 0.6, [
    'Administrator',
    'Administrateur',
    'Administrador',
    'Service Team',
    'Network Admin',
    'Network Administrator',
  ]),
  ...terms('role', 0.45, [
    'Helpline',
    'Customer Support',
    'Support Agent',
    'Support Engineer',
    'Support Specialist',
  ]),
  ...terms('role', 0.35, ['Admin', 'Admins', 'SOC', 'Customer Service', 'Technician', 'Technicians']),
  ...terms('role', 0.3, ['Support', 'Security', 'IT', 'NOC', 'Sicherheit', 'Soporte', 'Suporte', 'Supporto']),
  ...terms('role', 0.25, ['Kundendienst', 'Kundenservice', 'Hotline']),
  ...terms('role', 0.15, ['Help', 'Service', 'Services', 'Assistance', 'Technical', 'Tech', 'Operations']),
  ...terms('role', 0.1, ['Desk', 'Servicio', 'Dienst']),
];

const BRANDS = [
  ...terms('brand', 0.5, ['Microsoft', 'Microsoft 365']),
  ...terms('brand', 0.45, ['MSFT', 'Office 365', 'O365', 'M365', 'Azure AD', 'Entra ID', 'Exchange Online']),
  ...terms('brand', 0.35, ['Entra', 'Defender', 'Intune', 'OneDrive', 'SharePoint', 'Outlook']),
  ...terms('brand', 0.3, ['Azure', 'Windows']),
  ...terms('brand', 0.2, ['Teams', 'Exchange', 'MS']),
];

const LURES = [
  ...terms('lure', 0.7, [
    'Spam Filter Update',
    'Account Verification',
    'Password Reset',
    'Password Expiry',
    'Password Expiration',
    'Mailbox Quarantine',
    'Verify Account',
    'Account Recovery',
    'Security Update',
    'Security Updates',
  ]),
  ...terms('lure', 0.6, [
    'Spam Filter',
    'Security Alert',
    'Security Alerts',
    'Security Notice',
    'Security Notification',
    'Email Quarantine',
    'Account Suspended',
    'Security Check',
    'Account Security',
    'Mailbox Full',
    'System Update',
    'Action Required',
    'Spam Protection',
    'Email Security',
    'Mail Security',
    'License Renewal',
    'Licence Renewal',
    'License Expiry',
    'License Expired',
  ]),
  ...terms('lure', 0.4, ['Quarantine', 'Multi Factor', 'Verification', 'Password', 'No Reply', 'Noreply']),
  ...terms('lure', 0.3, ['MFA', 'Mailbox', 'Spam', 'Antivirus', 'Phishing']),
  ...terms('lure', 0.15, [
    'Alert',
    'Alerts',
    'Notification',
    'Notifications',
    'Authentication',
    'Compliance',
    'Update',
    'Updates',
    'Account',
    'Protection',
    'License',
    'Licence',
  ]),
];

/** Words that say nothing alone but are part of a role name ("Support Team"). */
const FILLERS = terms('filler', 0, [
  'Team',
  'Center',
  'Centre',
  'Department',
  'Dept',
  'Group',
  'Official',
  'Online',
  'Staff',
  'Unit',
  'The',
  'Your',
  'From',
  'Of',
  'For',
  'And',
  'Global',
  'Corporate',
  'Internal',
  'Cloud',
  'Agent',
  'Analyst',
  'Specialist',
  'Engineer',
  'Notice',
  'Portal',
  'Bot',
  'Info',
  'Line',
  // A department's name, not a typo of 'Administrator' ("Contract Administration").
  'Administration',
]);

/** The built-in vocabulary; an organisation's own names are added per policy. */
export const BASE_TERMS: readonly TermSpec[] = [...STRONG_ROLES, ...ROLES, ...BRANDS, ...LURES, ...FILLERS];

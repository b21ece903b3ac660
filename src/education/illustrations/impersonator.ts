import type { HelpdeskProfile } from '../../config/helpdesk-profile';
import type { Translator } from '../../i18n/translations';

/** The name attackers put on their accounts, as they would write it in the reader's language. */
export const impersonatorName = (t: Translator): string => t.t('pictures.impersonatorName');

/**
 * A fresh tenant's domain as an attacker would pick it: the organisation's name with a
 * helpdesk word, on onmicrosoft.com (free with any trial tenant).
 */
export const impersonatorDomain = (profile: Pick<HelpdeskProfile, 'orgName'>): string => {
  const slug = profile.orgName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 20);
  return `${slug || 'it'}-helpdesk.onmicrosoft.com`;
};

/** The impersonator's account, name part and domain. */
export const impersonatorAccount = (profile: Pick<HelpdeskProfile, 'orgName'>): string =>
  `it.support@${impersonatorDomain(profile)}`;

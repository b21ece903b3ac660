import { Template } from 'adaptivecards-templating';
import type { HelpdeskProfile } from '../src/config/helpdesk-profile';
import type { AdaptiveCardJson } from './adaptive-card';
import template from './welcome.json';

/** Parsed once: parsing the template's expressions costs ~30 ms, expanding it well under 1 ms. */
const compiled = new Template(template);

/** What the welcome card shows; strings are joined here so the template stays simple. */
export interface WelcomeCardData {
  helpdeskName: string;
  internalDomains: string;
  contactChannels: string[];
  displayNames: string;
  phoneNumbers: string;
  portal: string;
}

export const welcomeCardData = (profile: HelpdeskProfile): WelcomeCardData => ({
  helpdeskName: profile.helpdeskName,
  internalDomains: profile.internalDomains.map((domain) => `@${domain}`).join(' or '),
  contactChannels: profile.contactChannels,
  displayNames: profile.displayNames.join(', '),
  phoneNumbers: profile.phoneNumbers.length > 0 ? profile.phoneNumbers.join(', ') : 'see the intranet',
  portal: profile.portalUrl ?? 'see the intranet',
});

/** The first thing a user sees on install, and the answer to `help`. */
export const welcomeCard = (data: WelcomeCardData): AdaptiveCardJson =>
  compiled.expand({ $root: data }) as AdaptiveCardJson;

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { customTermProblem, type DetectionPolicy } from '../detection';
import { HelpdeskGuardError } from '../errors';
import { LANGUAGES } from '../i18n/locales';
import { catalogueText, localizedText } from '../i18n/localized-text';
import { overrideProblems } from '../i18n/overrides';

const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain name like contoso.com');

const tenantId = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a tenant ID (a GUID)');

/** A term the detector adds to its vocabulary; refused when it could never be matched. */
const detectionTerm = z
  .object({
    text: z
      .string()
      .trim()
      .min(2)
      .max(80)
      .superRefine((text, ctx) => {
        const problem = customTermProblem(text);
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `'${text}' ${problem}` });
      }),
    kind: z
      .enum(['helpdesk', 'role', 'product', 'lure'], {
        message: "must be 'helpdesk', 'role', 'product' or 'lure'",
      })
      .default('role'),
    weight: z.number().gt(0).lte(1).optional(),
  })
  .strict();

const partnerHelpdesk = z
  .object({
    name: z.string().trim().min(1).max(80),
    tenantIds: z.array(tenantId).max(20).default([]),
    domains: z.array(domainName).max(20).default([]),
  })
  .strict()
  .refine((partner) => partner.tenantIds.length + partner.domains.length > 0, {
    message: 'needs tenantIds (best) or domains',
  });

/** What the detector reads from the profile besides the names above. */
const detectionSchema = z
  .object({
    /** Scores from this warn; DETECTION_THRESHOLD, when set, wins. */
    threshold: z.number().gt(0).lte(1).optional(),
    /** The helpdesk's own names and products, role words in the local language. */
    terms: z.array(detectionTerm).max(200).default([]),
    /** MSPs and other helpdesks expected to contact people: shown as such, not warned about. */
    partnerHelpdesks: z.array(partnerHelpdesk).max(50).default([]),
  })
  .strict();

const profileSchema = z
  .object({
    orgName: z.string().trim().min(1).max(80),
    helpdeskName: z.string().trim().min(1).max(80),
    /** Display names the real helpdesk uses in Teams. */
    displayNames: z.array(z.string().trim().min(1).max(120)).min(1).max(20),
    /** Domains of internal accounts, e.g. contoso.com. */
    internalDomains: z.array(domainName).min(1).max(20),
    /** How the helpdesk really gets in touch, one sentence each (per language, or one for all). */
    contactChannels: z.array(localizedText(200)).min(1).max(10),
    phoneNumbers: z.array(z.string().trim().min(3).max(40)).max(10).default([]),
    portalUrl: z.string().url().startsWith('https://', 'must be an https:// URL').optional(),
    /** The lessons `tips` rotates through; without them, the catalogues' own (src/education/tips.ts). */
    tips: z.array(localizedText(400)).min(1).max(50).optional(),
    /** The language of the security team's cards in its channel (users get their own). */
    securityTeamLanguage: z.enum(LANGUAGES).default('en'),
    /** Any message, replaced per language: { "de": { "welcome.card.title": "..." } }. */
    messages: z
      .record(z.enum(LANGUAGES), z.record(z.string(), z.string().trim().min(1).max(2000)))
      .default({})
      .superRefine((messages, ctx) => {
        for (const problem of overrideProblems(messages))
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
    detection: detectionSchema.default({}),
  })
  .strict();

export type HelpdeskProfile = z.infer<typeof profileSchema>;

/** What the bot says when no HELPDESK_PROFILE_FILE is set: a plausible example organisation. */
export const DEFAULT_PROFILE: HelpdeskProfile = profileSchema.parse({
  orgName: 'Contoso',
  helpdeskName: 'Contoso IT Service Desk',
  displayNames: ['Contoso IT Service Desk'],
  internalDomains: ['contoso.com'],
  // In every shipped language, so that the example reads in each user's own.
  contactChannels: ['portalTicket', 'teamsChat', 'phoneCallback'].map((name) =>
    catalogueText(`welcome.exampleProfile.${name}`),
  ),
  phoneNumbers: ['+1 555 0100'],
  portalUrl: 'https://it.contoso.com',
});

/** Validates a profile object; every problem is listed with its field. */
export const parseHelpdeskProfile = (raw: unknown, source = 'helpdesk profile'): HelpdeskProfile => {
  const parsed = profileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new HelpdeskGuardError('profile_invalid', `Invalid ${source}:\n${problems.join('\n')}`);
};

/** Reads HELPDESK_PROFILE_FILE, or returns the default profile when no file is named. */
export const loadHelpdeskProfile = (file?: string): HelpdeskProfile => {
  if (!file) return DEFAULT_PROFILE;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HelpdeskGuardError(
      'profile_invalid',
      `Cannot read HELPDESK_PROFILE_FILE '${file}': ${(err as Error).message}`,
      { cause: err },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new HelpdeskGuardError(
      'profile_invalid',
      `HELPDESK_PROFILE_FILE '${file}' is not valid JSON: ${(err as Error).message}`,
      { cause: err },
    );
  }
  return parseHelpdeskProfile(json, `HELPDESK_PROFILE_FILE '${file}'`);
};

/** What the detector takes from the profile; the bot and `helpdesk-guard score` both build it so. */
export type ProfileDetection = Required<
  Pick<DetectionPolicy, 'orgName' | 'orgDomains' | 'helpdeskNames' | 'terms' | 'partnerHelpdesks'>
> &
  Pick<DetectionPolicy, 'threshold'>;

/**
 * The profile's part of the detection policy. `threshold` is DETECTION_THRESHOLD when that is
 * set (`envThreshold`), else the profile's `detection.threshold`, else the detector's default.
 */
export const detectionSettingsOf = (profile: HelpdeskProfile, envThreshold?: number): ProfileDetection => {
  const settings: ProfileDetection = {
    orgName: profile.orgName,
    orgDomains: profile.internalDomains,
    helpdeskNames: profile.displayNames,
    terms: profile.detection.terms,
    partnerHelpdesks: profile.detection.partnerHelpdesks,
  };
  const threshold = envThreshold ?? profile.detection.threshold;
  if (threshold !== undefined) settings.threshold = threshold;
  return settings;
};

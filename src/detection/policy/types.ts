import type { Message } from '../../i18n/translations';

/** Who sent the first message: what Graph, the hunting poller or a webhook tells us. */
export interface SenderIdentity {
  displayName: string;
  upn?: string | null;
  tenantId?: string | null;
}

/** What the detector knows about the organisation it protects. */
export interface DetectionPolicy {
  homeTenantId: string;
  /** Partner tenants that are not "external" for warnings (TRUSTED_TENANT_IDS). */
  trustedTenantIds: readonly string[];
  /** The organisation's name, e.g. "Contoso": an outsider using it is suspicious. */
  orgName?: string;
  /** The organisation's domains, e.g. ["contoso.com"]: look-alikes of them are suspicious. */
  orgDomains?: readonly string[];
  /** The real helpdesk's display names, e.g. ["Contoso IT Service Desk"]. */
  helpdeskNames?: readonly string[];
  /** Extra terms from the helpdesk profile: its own names and products, role words in any language. */
  terms?: readonly CustomTerm[];
  /** Partner helpdesks (an MSP's tenant) expected to contact people: shown as such, never warned about. */
  partnerHelpdesks?: readonly PartnerHelpdesk[];
  /** Scores at or above this warn; 0.5 when not set. */
  threshold?: number;
}

/**
 * A term an organisation adds: 'helpdesk' (its helpdesk's own names, weighing like
 * `helpdeskNames`), 'role' (a role word, e.g. in the local language), 'product' (its
 * products and internal tools: weak alone, strong next to a role, like `orgName`) or
 * 'lure' (a pretext). `weight` (0..1] replaces the kind's default.
 */
export interface CustomTerm {
  text: string;
  kind: CustomTermKind;
  weight?: number;
}

export type CustomTermKind = 'helpdesk' | 'role' | 'product' | 'lure';

/**
 * A partner's helpdesk, e.g. an MSP's tenant, expected to contact people. A sender of one
 * of `tenantIds` is it; an entry without tenant IDs matches the address's domain (or a
 * subdomain of it) instead, which is only as sure as the address.
 */
export interface PartnerHelpdesk {
  name: string;
  tenantIds?: readonly string[];
  domains?: readonly string[];
}

/** One reason for a verdict: a stable code for machines, a sentence for the user. */
export interface Reason {
  code: string;
  /** In English: the CLI's output and the logs. */
  message: string;
  /** The same sentence without a language yet: what the warning card says, in the reader's language. */
  text?: Message;
  /** How much it added to the score (0..1), where it added anything. */
  weight?: number;
}

export interface Verdict {
  verdict: 'warn' | 'none';
  /** 0..1: how much the sender looks like IT support, a security team or Microsoft. */
  score: number;
  external: boolean;
  reasons: Reason[];
  /** What the name imitates, e.g. "IT Helpdesk", when it imitates anything. */
  imitates?: string;
  /** The partner helpdesk the sender belongs to (PartnerHelpdesk.name), when it does. */
  partner?: string;
}

/** A verdict with what it was weighed against: `helpdesk-guard score --explain`. */
export interface Explanation extends Verdict {
  threshold: number;
  /** The score of the display name and of the address; `score` combines them (noisyOr). */
  parts: { name: number; address: number };
}

/** The threshold when the policy sets none. */
export const DEFAULT_THRESHOLD = 0.5;

/** Combines independent pieces of evidence: 1 - (1 - a)(1 - b). */
export const noisyOr = (a: number, b: number): number => 1 - (1 - a) * (1 - b);

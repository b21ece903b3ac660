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
  /** Scores at or above this warn; 0.5 when not set. */
  threshold?: number;
}

/** One reason for a verdict: a stable code for machines, a sentence for the user. */
export interface Reason {
  code: string;
  message: string;
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
}

/** The threshold when the policy sets none. */
export const DEFAULT_THRESHOLD = 0.5;

/** Combines independent pieces of evidence: 1 - (1 - a)(1 - b). */
export const noisyOr = (a: number, b: number): number => 1 - (1 - a) * (1 - b);

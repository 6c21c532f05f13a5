import type { PeerCertificate } from 'node:tls';

/** What the report says about a server certificate: pure data, no socket. */
export interface CertificateSummary {
  subject?: string;
  issuer?: string;
  altNames: string[];
  validFrom: string;
  validTo: string;
  /** Days until `validTo`, rounded; negative once expired. */
  daysLeft: number;
  fingerprint256?: string;
  serialNumber?: string;
}

const DAY_MS = 86_400_000;

/** Certificate name fields may repeat (several CN attributes); the first one names it. */
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function summarizeCertificate(cert: PeerCertificate, now: number): CertificateSummary & { exactDaysLeft: number } {
  const validTo = Date.parse(cert.valid_to);
  const exactDaysLeft = (validTo - now) / DAY_MS;
  return {
    subject: first(cert.subject?.CN),
    issuer: first(cert.issuer?.CN ?? cert.issuer?.O),
    altNames: (cert.subjectaltname ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    validFrom: new Date(Date.parse(cert.valid_from)).toISOString(),
    validTo: new Date(validTo).toISOString(),
    daysLeft: Math.round(exactDaysLeft),
    exactDaysLeft,
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
  };
}

/**
 * "5 days" for a person. Rounded, except near a threshold where rounding would contradict the
 * verdict (13.6 days left against a minimum of 14 reads "13.6 days", not "14 days").
 */
export function formatDays(exact: number, minimum?: number): string {
  const rounded = Math.round(exact);
  const shown = minimum !== undefined && exact < minimum && rounded >= minimum ? exact.toFixed(1) : String(Math.abs(rounded));
  return `${shown} day${shown === '1' ? '' : 's'}`;
}

/** Why a certificate is too close to expiry, or undefined when it is not. */
export function expiryProblem(summary: { exactDaysLeft: number; validTo: string }, minDaysValid: number | undefined): string | undefined {
  if (summary.exactDaysLeft <= 0) return `certificate expired ${formatDays(summary.exactDaysLeft)} ago (${summary.validTo})`;
  if (minDaysValid !== undefined && summary.exactDaysLeft < minDaysValid) {
    return `certificate expires in ${formatDays(summary.exactDaysLeft, minDaysValid)} (${summary.validTo}), less than min_days_valid ${minDaysValid}`;
  }
  return undefined;
}

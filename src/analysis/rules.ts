import type { Rule } from './rule.js';
import { assertionFailed, healthServerError, machineryError, pathAuthRejected, pathServerError, rateLimit } from './rules-application.js';
import { authService, dependencyAuth, dependencyDown, dependencyDownReadiness } from './rules-dependencies.js';
import { connectionFailure, dnsFailure, serviceDown, timeout, tlsCertificate } from './rules-network.js';
import { deadlineReached, rollbackFailed } from './rules-run.js';

/**
 * The failure-analysis rule table, in order. Order matters: a rule explains the failures it
 * matches, and later rules only see what is left (`ev.open`). So root causes that span several
 * checks come first (the service is down; the database behind a failing readiness), and
 * one-check explanations after them, down to the catch-all `assertion-failed`.
 *
 * To add a rule: write it with `defineRule` beside its kin (rules-*.ts), put it in this list
 * where it belongs, and add a scenario to rules.test.ts.
 */
export const RULES: readonly Rule[] = [
  rollbackFailed,            // the rollback itself failed: page ops (explains no check)
  deadlineReached,           // the run ran out of time (explains no check)
  serviceDown,               // every health check and path refused: service down / wrong base_url
  dnsFailure,                // ENOTFOUND / EAI_AGAIN, per host
  tlsCertificate,            // expired / wrong-name / untrusted certificates
  rateLimit,                 // the limiter did not engage (no 429): before the dependency rules, whatever kind the check is
  dependencyAuth,            // a dependency rejects the credentials (+ the readiness it explains)
  authService,               // login path fails while the auth dependency fails or times out
  dependencyDownReadiness,   // readiness 503 + failing dependency (or named component): one root cause
  dependencyDown,            // a dependency fails on its own (optional → minor degradation)
  pathServerError,           // 5xx on critical paths: application error
  pathAuthRejected,          // 401/403 on critical paths: credentials / auth config
  healthServerError,         // health 5xx with no dependency to blame
  timeout,                   // timed out
  connectionFailure,         // one check refused/reset while others connect
  machineryError,            // smokeguard could not measure (warning)
  assertionFailed,           // anything else that failed
];

/** The incident ticket of a run, as stored in the report and printed ("Incident ticket created: INC-2026-0542"). Part of the result model (src/core/outcome-model.ts). */
export type { IncidentOutcome } from '../core/types.js';

/**
 * The most intervals a watch's progress snapshot carries (the newest; its counts cover the whole
 * window): a week-long watch publishes the same bounded payload at its end as at its start.
 * Here, not in watch-model.ts, so the watch uses it without loading the report's zod model.
 */
export const WATCH_PROGRESS_MAX_INTERVALS = 500;

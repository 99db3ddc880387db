/**
 * How long logs and evidence are kept: the periods AWS accepts and the defaults the components
 * apply. Components, the stack settings and the rules read these values from here only.
 * Sources: CloudWatch Logs API reference, PutRetentionPolicy (`retentionInDays`); Amazon S3 user
 * guide, "Lifecycle configuration elements" (`Days`).
 */

/** The retention periods a CloudWatch Logs group accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** What a component's log groups keep unless configured: one year. */
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/** The longest S3 lifecycle expiration the settings accept, in days (100 years). */
export const MAX_EXPIRATION_DAYS = 36500;

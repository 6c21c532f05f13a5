import { z } from 'zod';

/**
 * Notification channels, named so that `rollback_strategy.notify_channels` can refer to them.
 * Each channel's own fields are validated by its notifier (issue 5 fills in the types).
 */
export const notificationsSchema = z.strictObject({
  channels: z.record(z.string().min(1), z.looseObject({ type: z.string().min(1) })).default({}),
});
export type NotificationsConfig = z.infer<typeof notificationsSchema>;

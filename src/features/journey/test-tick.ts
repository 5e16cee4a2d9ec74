import { z } from 'zod';
import { ROUTE } from '../../platform/access.ts';
import type { Feature } from '../../services.ts';
import { JOURNEY_PATHS as P } from './paths.ts';
import { queueDueReminders } from './reminders.ts';

const tick = z.object({ at: z.iso.datetime() });

/**
 * For the browser journeys only (TEST_REMINDER_TICK, which config refuses in production and
 * beyond loopback): runs the reminder tick the worker runs every five minutes, as at the moment
 * given. Only the tick sees that moment; every other clock (sessions, the pages) stays the real
 * one, so journeys running beside it are untouched. The emails it queues go the usual way: the
 * worker sends them to the outbox.
 */
export const reminderTickForTests: Feature = (app, { services }) => {
  app.post(P.testTick, ROUTE.public, async (request, reply) => {
    const asked = tick.safeParse(request.body);
    if (!asked.success) return reply.code(400).send({ error: 'at: an ISO 8601 moment' });
    const at = new Date(asked.data.at);
    const queued = await queueDueReminders({ ...services, clock: { now: () => at } });
    return reply.header('Cache-Control', 'no-store').send({ queued });
  });
};

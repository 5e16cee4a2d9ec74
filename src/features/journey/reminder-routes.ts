import type { FastifyReply } from 'fastify';
import { accountOf, NotFound, ROUTE } from '../../platform/access.ts';
import { errorView, formText, tOf, type FieldError } from '../../platform/forms.ts';
import type { Services } from '../../services.ts';
import { JOURNEY_PATHS as P } from './paths.ts';
import { saveSettings, settingsOf, stopFromLink, UNSUBSCRIBE } from './reminders.ts';
import { FREQUENCIES, nextSlot, type Frequency, type ReminderSettings } from './schedule.ts';
import { formBody, list, text, withParams, type App } from '../../platform/route-schemas.ts';

export const TIMES = Array.from({ length: 17 }, (_, i) => `${String(i + 6).padStart(2, '0')}:00`);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface Values {
  frequency: string;
  time: string;
  quietDays: string[];
  reviewReminder: boolean;
}

function checkSettings(v: Values): { ok: true; value: ReminderSettings } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!(FREQUENCIES as readonly string[]).includes(v.frequency))
    errors.push({ field: 'frequency', message: 'journey:reminders.errors.frequency' });
  if (!TIMES.includes(v.time)) errors.push({ field: 'time', message: 'journey:reminders.errors.time' });
  const quietDays = [...new Set(v.quietDays.map(Number))].filter((d) => Number.isInteger(d) && d >= 1 && d <= 7);
  if (quietDays.length !== new Set(v.quietDays).size) errors.push({ field: 'quietDays', message: 'journey:reminders.errors.quietDays' });
  else if (quietDays.length === 7 && v.frequency !== 'never')
    errors.push({ field: 'quietDays', message: 'journey:reminders.errors.allQuiet' });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: { frequency: v.frequency as Frequency, time: v.time, quietDays: quietDays.sort(), reviewReminder: v.reviewReminder },
  };
}

/** A person's own reminder choices, and the emailed link that stops them without signing in. */
export function reminderRoutes(app: App, services: Services): void {
  const page = async (reply: FastifyReply, accountId: string, values: Values, errors: FieldError[] = []) => {
    const saved = await settingsOf(services.db, accountId);
    return reply.code(errors.length ? 400 : 200).view('journey/views/reminders.njk', {
      values,
      next: nextSlot(saved, services.clock.now()),
      frequencies: FREQUENCIES,
      times: TIMES,
      weekdays: WEEKDAYS,
      errors: errorView(errors, tOf(reply)),
    });
  };

  app.get(P.reminders, ROUTE.account, async (request, reply) => {
    const me = accountOf(request);
    const s = await settingsOf(services.db, me.id);
    return page(reply, me.id, {
      frequency: s.frequency,
      time: s.time,
      quietDays: s.quietDays.map(String),
      reviewReminder: s.reviewReminder,
    });
  });

  app.post(
    P.reminders,
    { ...ROUTE.account, schema: { body: formBody({ frequency: text, reviewReminder: text, time: text, quietDays: list }) } },
    async (request, reply) => {
      const me = accountOf(request);
      const b = request.body;
      const values = {
        frequency: b.frequency,
        time: b.time,
        quietDays: b.quietDays,
        reviewReminder: b.reviewReminder === 'yes',
      };
      const checked = checkSettings(values);
      if (!checked.ok) return page(reply, me.id, values, checked.errors);
      await saveSettings(services.db, me.id, checked.value, services.clock.now());
      return reply.redirect(`${P.reminders}?done=saved`, 303);
    },
  );

  const accountFrom = (token: unknown): string => {
    const id = services.signer.verify(UNSUBSCRIBE, formText(token));
    if (!id) throw new NotFound();
    return id;
  };

  // Mail scanners open links: the GET only shows a button; the POST stops the reminders.
  app.get(P.unsubscribe, withParams(P.unsubscribe, ROUTE.public), async (request, reply) => {
    accountFrom(request.params.token);
    return reply.view('journey/views/unsubscribe.njk', { action: request.url.split('?')[0], stopped: false });
  });

  app.post(P.unsubscribe, withParams(P.unsubscribe, ROUTE.public), async (request, reply) => {
    await stopFromLink(services, accountFrom(request.params.token), request.ip);
    return reply.view('journey/views/unsubscribe.njk', { stopped: true });
  });
}

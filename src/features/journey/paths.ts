/** Every path of check-ins and the journey; routes, redirects, links and tests use these. */
export const JOURNEY_PATHS = {
  checkIn: '/check-in',
  /** A further measure the person's organisation offers. */
  further: '/check-in/:measureId',
  one: '/check-ins/:checkInId',
  edit: '/check-ins/:checkInId/edit',
  remove: '/check-ins/:checkInId/remove',
  journey: '/my-journey',
  /** Someone's journey, for a person they share it with (from People I support). */
  shared: '/people/:ownerId/journey',
  reminders: '/check-in-reminders',
  unsubscribe: '/reminders/stop/:token',
  /** RFC 8058's one-click address, for mail clients (outside the site: no cookies, no CSRF). */
  oneClick: '/reminders/one-click/:token',
  /** Browser tests only (TEST_REMINDER_TICK): the reminder tick, as at a given moment. */
  testTick: '/test/reminders-tick',
} as const;

/**
 * What every route must answer each kind of visitor, for the access matrix (access-matrix.test.ts):
 * kept here by hand, not read from the routes' own rules, so the test can fail; a route missing
 * from the table fails it too.
 */
/** 'shared': the owner, and someone they share it with, to read (never to change); 'grantee':
 *  only someone the owner shares with; 'refused': nobody (a link nobody here holds); 'keeper':
 *  whoever keeps some organisation's directory listings (its listings editors and admins);
 *  'listing-keeper': only those who keep the organisation whose listing it is. */
export type Kind = 'public' | 'signed-in' | 'owner' | 'shared' | 'grantee' | 'admin' | 'refused' | 'keeper' | 'listing-keeper';

const WELLBEING = ['staying-well', 'crisis', 'safety']
  .flatMap((slug) => [
    [`/my-${slug}-plan`, 'signed-in'],
    [`/${slug}/:planId`, 'shared'],
    [`/${slug}/:planId/:section`, 'owner'],
    [`/${slug}/:planId/:section/:itemId`, 'owner'],
    [`/${slug}/:planId/:section/:itemId/remove`, 'owner'],
    [`/${slug}/:planId/:section/:itemId/move`, 'owner'],
    [`/${slug}/:planId/history`, 'shared'],
    [`/${slug}/:planId/history/:version`, 'shared'],
    [`/${slug}/:planId/history/:version/restore`, 'owner'],
  ])
  .concat([
    // Only the crisis plan has long writing kept as drafts (its advance statement and other one-off sections).
    ['/crisis/:planId/:section/draft', 'owner'],
    ['/crisis/:planId/:section/draft/discard', 'owner'],
  ]);
const RECOVERY_PLAN = [
  '',
  '/print',
  '/meaning',
  '/meaning/draft',
  '/meaning/draft/discard',
  '/review',
  '/history',
  '/history/:version',
  '/history/:version/restore',
  '/goals/new',
  '/goals',
  '/goals/:goalId',
  '/goals/:goalId/edit',
  '/goals/:goalId/remove',
  '/goals/:goalId/steps',
  '/goals/:goalId/steps/:stepId',
  '/goals/:goalId/steps/:stepId/toggle',
  '/goals/:goalId/steps/:stepId/remove',
  '/goals/:goalId/notes',
]
  .map((p) => `/plans/:planId${p}`)
  .concat(
    ['strengths', 'matters'].flatMap((s) => ['', '/:itemId', '/:itemId/remove', '/:itemId/move'].map((p) => `/plans/:planId/${s}${p}`)),
  )
  .map((url) => [
    url,
    ['/plans/:planId', '/plans/:planId/print', '/plans/:planId/history', '/plans/:planId/history/:version'].includes(url)
      ? 'shared'
      : 'owner',
  ]);

export const EXPECTED = new Map<string, Kind>(
  [
    ['/assets/*', 'public'],
    ['/health', 'public'],
    ['/ready', 'public'],
    ['/', 'public'],
    ['/accessibility', 'public'],
    ['/privacy', 'public'],
    ['/create-account', 'public'],
    ['/sign-in', 'public'],
    ['/sign-in/code', 'public'],
    ['/account/authenticator', 'signed-in'],
    ['/account/authenticator/turn-off', 'signed-in'],
    ['/account/sessions', 'signed-in'],
    ['/account/sessions/sign-out-others', 'signed-in'],
    ['/sign-out', 'public'],
    ['/sign-out/choose', 'public'],
    ['/forgotten-password', 'public'],
    ['/reset-password/:token', 'public'],
    ['/confirm-email/:token', 'public'],
    ['/change-email/:token', 'public'],
    ['/sw.js', 'public'],
    ['/help', 'public'],
    ['/help/nation', 'public'],
    ['/account', 'signed-in'],
    ['/account/change-password', 'signed-in'],
    ['/session/stay', 'signed-in'],
    ['/circle', 'signed-in'],
    ['/circle/seen', 'signed-in'],
    ['/circle/invite', 'signed-in'],
    ['/circle/invitations/:invitationId/withdraw', 'owner'],
    ['/circle/invite/:token', 'public'],
    ['/circle/invite/:token/accept', 'refused'],
    ['/circle/members/:memberId', 'owner'],
    ['/circle/members/:memberId/remove', 'owner'],
    ['/circle/pause', 'signed-in'],
    ['/circle/resume', 'signed-in'],
    ['/people', 'signed-in'],
    ['/people/:ownerId', 'grantee'],
    ['/people/:ownerId/suggest', 'grantee'],
    ['/people/:ownerId/journey', 'grantee'],
    ['/suggestions', 'signed-in'],
    ['/suggestions/:suggestionId', 'owner'],
    ['/suggestions/:suggestionId/accept', 'owner'],
    ['/suggestions/:suggestionId/decline', 'owner'],
    ['/account/name', 'signed-in'],
    ['/account/email', 'signed-in'],
    ['/account/delete', 'signed-in'],
    ['/account-deleted', 'public'],
    ['/my-plan', 'signed-in'],
    ['/downloads/my-staying-well-and-crisis-plan.pdf', 'signed-in'],
    ['/downloads/my-crisis-card.pdf', 'signed-in'],
    ['/downloads/my-safety-plan.pdf', 'signed-in'],
    ['/downloads/my-data.zip', 'signed-in'],
    ['/my-crisis-plan/offline', 'signed-in'],
    ['/my-crisis-plan/kept', 'public'],
    ['/organisation/helplines', 'admin'],
    ['/organisation/helplines/:helplineId/edit', 'admin'],
    ['/organisation/helplines/:helplineId/remove', 'admin'],
    ['/organisation/nation', 'admin'],
    ['/organisation/members', 'admin'],
    ['/organisation/members/invite', 'admin'],
    ['/organisation/invitations/:invitationId/withdraw', 'admin'],
    ['/organisation/:organisationId/members/:memberId/remove', 'admin'],
    ['/organisation/join/:token', 'public'],
    ['/organisation/join/:token/accept', 'refused'],
    ['/organisation/mine', 'signed-in'],
    ['/organisation/mine/:organisationId/leave', 'owner'],
    ['/organisation/measures', 'admin'],
    ['/organisation/measures/:measureId/toggle', 'admin'],
    ['/check-in', 'signed-in'],
    ['/check-in/:measureId', 'signed-in'],
    ['/my-journey', 'signed-in'],
    ['/check-in-reminders', 'signed-in'],
    ['/reminders/stop/:token', 'public'],
    ['/reminders/one-click/:token', 'public'],
    // Registered only with TEST_REMINDER_TICK (browser tests; refused in production): not in the test app.
    ['/test/reminders-tick', 'public'],
    ['/check-ins/:checkInId', 'owner'],
    ['/check-ins/:checkInId/edit', 'owner'],
    ['/check-ins/:checkInId/remove', 'owner'],
    ['/directory', 'public'],
    ['/directory/:listingId', 'public'],
    ['/directory/:listingId/add-to-plan', 'signed-in'],
    ['/directory/:listingId/still-correct/:token', 'public'],
    ['/directory/:listingId/report', 'public'],
    ['/our-listings', 'keeper'],
    ['/our-listings/new', 'keeper'],
    ['/our-listings/:listingId/edit', 'listing-keeper'],
    ['/our-listings/:listingId/history', 'listing-keeper'],
    ['/our-listings/:listingId/close', 'listing-keeper'],
    ['/our-listings/:listingId/reopen', 'listing-keeper'],
    // The Open Referral UK API: public JSON, registered outside the site (as /health is).
    ...[
      '/',
      '/services',
      '/services/:id',
      '/service_at_locations',
      '/service_at_locations/:id',
      '/taxonomies',
      '/taxonomies/:id',
      '/taxonomy_terms',
      '/taxonomy_terms/:id',
    ].map((p) => [`/api/oruk${p}`, 'public']),
    ...RECOVERY_PLAN,
    ...WELLBEING,
  ].map(([url, kind]) => [url ?? '', kind as Kind]),
);

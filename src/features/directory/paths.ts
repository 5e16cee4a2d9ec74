export const DIRECTORY_PATHS = {
  search: '/directory',
  listing: '/directory/:listingId',
  addToPlan: '/directory/:listingId/add-to-plan',
  stillCorrect: '/directory/:listingId/still-correct/:token',
  report: '/directory/:listingId/report',
} as const;

/** A listings editor's own pages: their organisation's listings, to add, change, close and reopen. */
export const EDITOR_PATHS = {
  ours: '/our-listings',
  new: '/our-listings/new',
  edit: '/our-listings/:listingId/edit',
  history: '/our-listings/:listingId/history',
  close: '/our-listings/:listingId/close',
  reopen: '/our-listings/:listingId/reopen',
} as const;

export const DIRECTORY_PATHS = {
  search: '/directory',
  listing: '/directory/:listingId',
  addToPlan: '/directory/:listingId/add-to-plan',
  stillCorrect: '/directory/:listingId/still-correct/:token',
  report: '/directory/:listingId/report',
} as const;

export const ACCOUNT_PATHS = {
  createAccount: '/create-account',
  signIn: '/sign-in',
  signOut: '/sign-out',
  /** Asks, when a crisis plan is kept on the device, whether to keep it (public/js/offline.js sends people here). */
  signOutChoice: '/sign-out/choose',
  account: '/account',
  changePassword: '/account/change-password',
  changeName: '/account/name',
  deleteAccount: '/account/delete',
  /** Shown once an account is gone: the person is signed out by then. */
  accountDeleted: '/account-deleted',
  forgotten: '/forgotten-password',
  reset: '/reset-password/:token',
  resetFor: (token: string) => `/reset-password/${token}`,
} as const;

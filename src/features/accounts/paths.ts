export const ACCOUNT_PATHS = {
  createAccount: '/create-account',
  signIn: '/sign-in',
  /** After the password, the code from an authenticator app (or a recovery code). */
  signInCode: '/sign-in/code',
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
  /** The emailed link that creates a new account, once its address is proved. */
  confirm: '/confirm-email/:token',
  confirmFor: (token: string) => `/confirm-email/${token}`,
  changeEmail: '/account/email',
  sessions: '/account/sessions',
  signOutOthers: '/account/sessions/sign-out-others',
  authenticator: '/account/authenticator',
  authenticatorOff: '/account/authenticator/turn-off',
  /** The emailed link, sent to the new address, that moves an account to it. */
  changeEmailLink: '/change-email/:token',
  changeEmailFor: (token: string) => `/change-email/${token}`,
} as const;

export const ACCOUNT_PATHS = {
  createAccount: '/create-account',
  signIn: '/sign-in',
  signOut: '/sign-out',
  account: '/account',
  changePassword: '/account/change-password',
  forgotten: '/forgotten-password',
  reset: '/reset-password/:token',
  resetFor: (token: string) => `/reset-password/${token}`,
} as const;

/**
 * Whether one is stored; never the password.
 */
export type PasswordsSet = { pace: boolean, pressero: boolean, smtp: boolean, };

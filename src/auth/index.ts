/** Accounts and access: password hashing, tokens, the first admin. */
export {
  hashPassword,
  verifyPassword,
  needsRehash,
  generatePassword,
  setPasswordHashConcurrency,
  SCRYPT_PARAMS,
  type ScryptParams,
} from './password.js';
export { TokenService, InvalidTokenError, type TokenClaims } from './tokens.js';
export { loadJwtSecret } from './secrets.js';
export { bootstrapAdmin, type BootstrapResult } from './bootstrapAdmin.js';
export { canSeeTask, taskVisibility, type Caller } from './visibility.js';
export {
  USER_ROLES,
  UsernameTakenError,
  LastAdminError,
  isActiveAdmin,
  removesLastAdmin,
  endsSessions,
  type UserRole,
  type UserRow,
  type UserChanges,
  type UserStore,
} from './userStore.js';
export { loginLockFor, type LoginAttemptStore, type LoginFailurePolicy, type LoginReservation } from './loginAttempts.js';
export { LOGIN_DEFAULTS, type LoginLimits } from './loginLimits.js';
export { LoginAttempt, LoginThrottle, LoginThrottledError, waitInRussian } from './loginThrottle.js';

import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { UserRole } from './userStore.js';
import { TaskcastError } from '../engine/index.js';

/** Who a valid token says the caller is. */
export interface TokenClaims {
  id: number;
  username: string;
  role: UserRole;
  /**
   * The user's token generation when the token was issued (the `gen` claim; 0 when absent, as in tokens issued
   * before migration 012). A token whose generation is not the user's current one is refused (src/api/callers.ts).
   */
  generation?: number;
}

/** A missing, malformed, forged or expired token. */
export class InvalidTokenError extends TaskcastError {
  constructor(message = 'Invalid or expired token') {
    super('AUTH_INVALID_TOKEN', message);
  }
}

/** Signs and verifies access tokens (JWT, HS256). */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    /** Token lifetime in seconds. */
    readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** A signed token for the user. */
  async issue(user: TokenClaims): Promise<string> {
    return new SignJWT({ username: user.username, role: user.role, gen: user.generation ?? 0 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(user.id))
      .setIssuedAt()
      .setIssuer('taskcast')
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /** The claims of a valid token, or InvalidTokenError. */
  async verify(token: string): Promise<TokenClaims> {
    try {
      // A token without `exp` would be valid for ever: every token this service issues has one, so one without is refused.
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: 'taskcast', requiredClaims: ['exp'] });
      const id = Number(payload.sub);
      const generation = payload.gen ?? 0;
      if (
        !Number.isInteger(id) ||
        typeof payload.username !== 'string' ||
        typeof payload.role !== 'string' ||
        !Number.isInteger(generation)
      ) {
        throw new InvalidTokenError();
      }
      return { id, username: payload.username, role: payload.role as UserRole, generation: generation as number };
    } catch (err) {
      if (err instanceof InvalidTokenError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new InvalidTokenError('Token expired');
      throw new InvalidTokenError();
    }
  }
}

import { createHash, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { XieshangError } from "../../errors.js";
import { HttpError } from "../../http/errorHandler.js";

/**
 * Direct Line tokens: HS256 JWTs signed with a key derived (HKDF-SHA256) from the Direct Line
 * secret, so that any instance holding the secret can check any instance's tokens. Claims:
 * `conv` (the one conversation the token opens), `user` (the user id, read by DirectLineJS's
 * `parseToken`), optional `name`. Only ids: no borrower data.
 */
export interface TokenClaims {
  conversationId: string;
  userId: string;
  userName?: string;
  /** When the first token of this conversation's lineage was issued (epoch seconds); refreshes keep it. */
  lineageStart?: number;
  /** How many times this lineage was refreshed (refresh, reconnect, start with a token). */
  refreshes?: number;
}

/** Bounds on refreshing: a lineage ends after maxAgeSeconds or maxRefreshes, whichever comes first. */
export interface RefreshLimits {
  maxAgeSeconds: number;
  maxRefreshes: number;
}
export const DEFAULT_REFRESH_LIMITS: RefreshLimits = { maxAgeSeconds: 86_400, maxRefreshes: 200 };

export interface IssuedToken {
  token: string;
  expires_in: number;
}

/** Who is calling: the holder of the secret (everything) or of a token (one conversation). */
export type Principal = { kind: "secret" } | ({ kind: "token" } & TokenClaims);

const ISSUER = "xieshang-directline";
const AUDIENCE = "xieshang-directline";

/**
 * Self-hosted Direct Line conversation ids carry this prefix, and only they do: /api/messages
 * refuses it, so no other channel can write into a Direct Line conversation (and Direct Line
 * opens nothing without it). The stores key by conversation id alone, so the namespace is the id.
 */
export const DIRECT_LINE_ID_PREFIX = "xsdl_";

export function newConversationId(): string {
  return `${DIRECT_LINE_ID_PREFIX}${randomBytes(16).toString("base64url")}`;
}

/** Generated user ids carry the "dl_" prefix DirectLineJS reserves for ids embedded in tokens. */
export function newUserId(): string {
  return `dl_${randomBytes(12).toString("base64url")}`;
}

export const CONVERSATION_ID = /^xsdl_[A-Za-z0-9_-]{1,64}$/;

export class DirectLineTokens {
  private readonly key: Uint8Array;
  private readonly secretDigest: Buffer;
  /**
   * Tokens already verified, until they expire: every POST and poll carries one, and the HMAC
   * check through Web Crypto cost ~6 % of a busy server's CPU. Bounded; oldest evicted first.
   */
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAtMs: number }>();
  private static readonly CACHE_LIMIT = 10_000;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
    readonly refreshLimits: RefreshLimits = DEFAULT_REFRESH_LIMITS,
  ) {
    if (typeof secret !== "string" || secret.length < 16) {
      throw new XieshangError("config", "Direct Line secret must be at least 16 characters");
    }
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
      throw new XieshangError("config", "Direct Line token TTL must be a positive whole number of seconds");
    }
    this.key = new Uint8Array(hkdfSync("sha256", secret, "xieshang", "directline-token-v1", 32));
    this.secretDigest = createHash("sha256").update(secret).digest();
  }

  async issue(claims: TokenClaims): Promise<IssuedToken> {
    const iat = Math.floor(this.now() / 1000);
    // A refreshed token never outlives its lineage's maximum age.
    const exp = Math.max(iat + 1, Math.min(iat + this.ttlSeconds, (claims.lineageStart ?? iat) + this.refreshLimits.maxAgeSeconds));
    const payload: Record<string, string | number> = {
      conv: claims.conversationId,
      user: claims.userId,
      oat: claims.lineageStart ?? iat,
      rc: claims.refreshes ?? 0,
    };
    if (claims.userName) payload.name = claims.userName;
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(randomBytes(9).toString("base64url"))
      .sign(this.key);
    return { token, expires_in: exp - iat };
  }

  /**
   * A token for the same conversation and user, continuing `claims`' lineage (refresh, reconnect):
   * refused with 403 once the lineage is older than maxAgeSeconds or was refreshed maxRefreshes times.
   */
  async renew(claims: TokenClaims): Promise<IssuedToken> {
    const nowSeconds = Math.floor(this.now() / 1000);
    const start = claims.lineageStart ?? nowSeconds;
    const refreshes = claims.refreshes ?? 0;
    if (nowSeconds - start >= this.refreshLimits.maxAgeSeconds || refreshes >= this.refreshLimits.maxRefreshes) {
      throw new HttpError("forbidden", "this conversation's token cannot be refreshed any more; start a new conversation", {
        wireCode: "TokenExpired",
      });
    }
    const { conversationId, userId, userName } = claims;
    return this.issue({ conversationId, userId, ...(userName ? { userName } : {}), lineageStart: start, refreshes: refreshes + 1 });
  }

  isSecret(candidate: string): boolean {
    const digest = createHash("sha256").update(candidate).digest();
    return timingSafeEqual(digest, this.secretDigest);
  }

  /** Verifies a token; a forged, malformed or expired one is a 403 (as Direct Line answers). */
  async verify(token: string): Promise<TokenClaims> {
    const cached = this.verified.get(token);
    if (cached && this.now() < cached.expiresAtMs) return { ...cached.claims };
    if (cached) this.verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: new Date(this.now()),
        requiredClaims: ["exp", "iat"],
      });
      const conv = payload.conv;
      const user = payload.user;
      if (typeof conv !== "string" || !CONVERSATION_ID.test(conv) || typeof user !== "string" || user === "") {
        throw new HttpError("forbidden", "invalid token");
      }
      const claims: TokenClaims = { conversationId: conv, userId: user };
      if (typeof payload.name === "string") claims.userName = payload.name;
      claims.lineageStart = typeof payload.oat === "number" ? payload.oat : (payload.iat as number);
      claims.refreshes = typeof payload.rc === "number" ? payload.rc : 0;
      if (typeof payload.exp === "number") this.remember(token, claims, payload.exp * 1000);
      return claims;
    } catch (error) {
      if (error instanceof XieshangError) throw error;
      if (error instanceof joseErrors.JWTExpired) {
        throw new HttpError("forbidden", "token expired; refresh it before it expires or start a new conversation", {
          wireCode: "TokenExpired",
        });
      }
      throw new HttpError("forbidden", "invalid token");
    }
  }

  private remember(token: string, claims: TokenClaims, expiresAtMs: number): void {
    if (this.verified.size >= DirectLineTokens.CACHE_LIMIT) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { claims: { ...claims }, expiresAtMs });
  }

  /** The secret or a valid token from an `Authorization: Bearer …` header (401 when absent). */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!match || !match[1]) {
      throw new XieshangError("unauthorized", "Authorization: Bearer <secret or token> is required");
    }
    return this.authenticateCredential(match[1]);
  }

  async authenticateCredential(credential: string): Promise<Principal> {
    if (this.isSecret(credential)) return { kind: "secret" };
    return { kind: "token", ...(await this.verify(credential)) };
  }
}

/** A token opens only its own conversation; the secret opens all. */
export function requireConversationAccess(principal: Principal, conversationId: string): void {
  if (principal.kind === "token" && principal.conversationId !== conversationId) {
    throw new XieshangError("forbidden", "this token is not valid for this conversation");
  }
}

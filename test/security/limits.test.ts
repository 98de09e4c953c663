/**
 * Guessing stopped (issue 7 item 3): rate limits per address and per conversation (= per token)
 * on tokens, posts and WebSocket opens, shared across instances through Redis; TRUST_PROXY;
 * Origin on /api/widget/token; bounded token refresh; CORS and security headers.
 */
import { expect } from "chai";
import { hkdfSync } from "node:crypto";
import { SignJWT } from "jose";
import { ATTACK_SECRET, startTarget, type Target } from "./harness.js";
import { StreamClient } from "../support/directline.js";
import { useRedisServer } from "../support/redis.js";
import { DirectLineTokens, newConversationId } from "../../src/channels/directline/tokens.js";
import { addressKey } from "../../src/security/rateLimits.js";

async function start(target: Target, auth = ATTACK_SECRET): Promise<{ conversationId: string; token: string; streamUrl: string }> {
  const res = await fetch(`${target.url}/v3/directline/conversations`, { method: "POST", headers: { authorization: `Bearer ${auth}` } });
  expect(res.status).to.be.oneOf([200, 201]);
  return (await res.json()) as { conversationId: string; token: string; streamUrl: string };
}

function post(target: Target, c: { conversationId: string; token: string }, headers: Record<string, string> = {}) {
  return fetch(`${target.url}/v3/directline/conversations/${c.conversationId}/activities`, {
    method: "POST",
    headers: { authorization: `Bearer ${c.token}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ type: "event", name: "ping" }),
  });
}

function widgetToken(target: Target, headers: Record<string, string> = {}) {
  return fetch(`${target.url}/api/widget/token`, { method: "POST", headers: { origin: target.url, ...headers } });
}

const OFF = {
  RATE_LIMIT_TOKENS_PER_MINUTE: "0",
  RATE_LIMIT_POSTS_PER_MINUTE: "0",
  RATE_LIMIT_POSTS_PER_ADDRESS_PER_MINUTE: "0",
  RATE_LIMIT_SOCKETS_PER_MINUTE: "0",
  RATE_LIMIT_SOCKETS_PER_ADDRESS_PER_MINUTE: "0",
};

describe("Rate limits (one instance, in memory)", function () {
  this.timeout(30_000);
  let target: Target;
  afterEach(async () => {
    await target.close();
  });

  it("when one token posts more than RATE_LIMIT_POSTS_PER_MINUTE, then 429 TooManyRequests with Retry-After, and another conversation is not affected", async () => {
    target = await startTarget({ ...OFF, RATE_LIMIT_POSTS_PER_MINUTE: "3" });
    const a = await start(target);
    const b = await start(target);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(target, a)).status);
    expect(statuses).to.deep.equal([200, 200, 200, 429]);
    const limited = await post(target, a);
    expect(limited.headers.get("retry-after")).to.match(/^\d+$/);
    expect(((await limited.json()) as { error: { code: string } }).error.code).to.equal("TooManyRequests");
    expect((await post(target, b)).status).to.equal(200);
  });

  it("when the secret's holder (the bank's backend) posts, then it is not rate-limited", async () => {
    target = await startTarget({ ...OFF, RATE_LIMIT_POSTS_PER_MINUTE: "1", RATE_LIMIT_POSTS_PER_ADDRESS_PER_MINUTE: "1" });
    const a = await start(target);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${target.url}/v3/directline/conversations/${a.conversationId}/activities`, {
        method: "POST",
        headers: { authorization: `Bearer ${ATTACK_SECRET}`, "content-type": "application/json" },
        body: JSON.stringify({ type: "event", name: "ping", from: { id: "backend-user" } }),
      });
      expect(res.status).to.equal(200);
    }
  });

  it("when one address asks for more widget tokens than the limit, then 429; refreshes and reconnects of one conversation count too", async () => {
    // TRUST_PROXY only so that the per-conversation count can be seen apart from the address's (below).
    target = await startTarget({ ...OFF, RATE_LIMIT_TOKENS_PER_MINUTE: "2", TRUST_PROXY: "loopback" });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await widgetToken(target)).status);
    expect(statuses).to.deep.equal([200, 200, 429]);
    const c = await start(target);
    const refreshes = [];
    for (let i = 0; i < 3; i++) {
      refreshes.push((await fetch(`${target.url}/v3/directline/tokens/refresh`, { method: "POST", headers: { authorization: `Bearer ${c.token}` } })).status);
    }
    expect(refreshes).to.include(429);
    const from = (address?: string): Record<string, string> => ({ authorization: `Bearer ${c.token}`, ...(address ? { "x-forwarded-for": address } : {}) });
    const reconnect = (address?: string) => fetch(`${target.url}/v3/directline/conversations/${c.conversationId}?watermark=-`, { headers: from(address) });
    const refresh = (address?: string) => fetch(`${target.url}/v3/directline/tokens/refresh`, { method: "POST", headers: from(address) });
    // A reconnect (GET /conversations/{id}) is a token request too: over this address's limit, 429.
    const overAddress = await reconnect();
    expect(overAddress.status, "reconnect over the address's limit").to.equal(429);
    expect(((await overAddress.json()) as { error: { code: string } }).error.code).to.equal("TooManyRequests");
    // Per conversation: from fresh addresses (each with a budget of its own), a refresh and a
    // reconnect use up this conversation's 2, and the next reconnect is refused.
    const perConversation = [(await refresh("203.0.113.21")).status, (await reconnect("203.0.113.22")).status, (await reconnect("203.0.113.23")).status];
    expect(perConversation, "refresh, reconnect, reconnect of one conversation from three addresses").to.deep.equal([200, 200, 429]);
  });

  it("when one conversation opens WebSockets faster than RATE_LIMIT_SOCKETS_PER_MINUTE, then the next upgrade is refused with 429", async () => {
    target = await startTarget({ ...OFF, RATE_LIMIT_SOCKETS_PER_MINUTE: "2" });
    const c = await start(target);
    const s1 = await StreamClient.open(c.streamUrl);
    await s1.close();
    const s2 = await StreamClient.open(c.streamUrl);
    await s2.close();
    const third = await StreamClient.open(c.streamUrl).then(
      () => 0,
      (e: { status?: number }) => e.status,
    );
    expect(third).to.equal(429);
  });

  describe("TRUST_PROXY", () => {
    it("when the server trusts its loopback proxy, then X-Forwarded-For is the client: two borrowers behind it have a budget each", async () => {
      target = await startTarget({ ...OFF, RATE_LIMIT_TOKENS_PER_MINUTE: "1", TRUST_PROXY: "loopback" });
      expect((await widgetToken(target, { "x-forwarded-for": "203.0.113.1" })).status).to.equal(200);
      expect((await widgetToken(target, { "x-forwarded-for": "203.0.113.2" })).status).to.equal(200);
      expect((await widgetToken(target, { "x-forwarded-for": "203.0.113.1" })).status).to.equal(429);
    });

    it("when TRUST_PROXY is false, then X-Forwarded-For is ignored: a client cannot claim a fresh address", async () => {
      target = await startTarget({ ...OFF, RATE_LIMIT_TOKENS_PER_MINUTE: "1" });
      expect((await widgetToken(target, { "x-forwarded-for": "203.0.113.1" })).status).to.equal(200);
      expect((await widgetToken(target, { "x-forwarded-for": "203.0.113.2" })).status).to.equal(429);
    });
  });
});

describe("Address keys for rate limits", () => {
  it("when addresses are IPv4, IPv4-mapped or IPv6, then IPv6 counts per /64 and the rest per address", () => {
    expect(addressKey("203.0.113.7")).to.equal("203.0.113.7");
    expect(addressKey("::ffff:203.0.113.7")).to.equal("203.0.113.7");
    expect(addressKey("2001:db8:1:2:aaaa::1")).to.equal("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2:bbbb:cccc:dddd:eeee")).to.equal("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).to.equal("2001:db8:0:0::/64");
    expect(addressKey("::1")).to.equal("0:0:0:0::/64");
  });
});

describe("Rate limits shared by two instances through Redis", function () {
  this.timeout(30_000);
  const redis = useRedisServer();
  let a: Target;
  let b: Target;
  afterEach(async () => {
    await a?.close();
    await b?.close();
  });

  it("when a token posts through two instances, then their counts add up: the fifth post with a limit of 4 is refused on either", async () => {
    const env = { ...OFF, RATE_LIMIT_POSTS_PER_MINUTE: "4", REDIS_URL: redis().url };
    a = await startTarget(env);
    b = await startTarget(env);
    const c = await start(a);
    const statuses = [];
    for (const t of [a, b, a, b]) statuses.push((await post(t, c)).status);
    expect(statuses).to.deep.equal([200, 200, 200, 200]);
    expect((await post(b, c)).status).to.equal(429);
    expect((await post(a, c)).status).to.equal(429);
  });
});

describe("Direct Line tokens cannot be stretched", function () {
  this.timeout(30_000);
  const SECRET = "a-direct-line-secret-for-token-tests-0123456789";

  it("when a token signed with the right key has no exp, then it is refused with 403", async () => {
    const tokens = new DirectLineTokens(SECRET, 600);
    const key = new Uint8Array(hkdfSync("sha256", SECRET, "xieshang", "directline-token-v1", 32));
    const noExp = await new SignJWT({ conv: newConversationId(), user: "dl_x" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("xieshang-directline")
      .setAudience("xieshang-directline")
      .setIssuedAt()
      .sign(key);
    const error = await tokens.verify(noExp).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).to.equal("invalid token");
  });

  it("when a token is refreshed more than the maximum number of times, then the next refresh is refused with TokenExpired", async () => {
    const tokens = new DirectLineTokens(SECRET, 600, Date.now, { maxAgeSeconds: 86_400, maxRefreshes: 3 });
    let { token } = await tokens.issue({ conversationId: newConversationId(), userId: "dl_x" });
    for (let i = 0; i < 3; i++) token = (await tokens.renew(await tokens.verify(token))).token;
    const refused = await tokens.renew(await tokens.verify(token)).then(
      () => null,
      (e: { options?: { wireCode?: string } }) => e,
    );
    expect(refused?.options?.wireCode).to.equal("TokenExpired");
  });

  it("when a conversation's tokens reach the maximum age, then refreshes stop and no refreshed token outlives that age", async () => {
    let now = Date.parse("2026-12-01T00:00:00Z");
    const tokens = new DirectLineTokens(SECRET, 1800, () => now, { maxAgeSeconds: 3600, maxRefreshes: 1000 });
    let { token } = await tokens.issue({ conversationId: newConversationId(), userId: "dl_x" });
    now += 1000 * 1000; // 1,000 s later
    const renewed = await tokens.renew(await tokens.verify(token));
    expect(renewed.expires_in).to.equal(1800);
    now += 1500 * 1000; // 2,500 s after the first token
    const last = await tokens.renew(await tokens.verify(renewed.token));
    expect(last.expires_in, "capped at the lineage's end").to.equal(1100);
    token = last.token;
    now += 1100 * 1000; // the lineage's end: the token is expired and cannot be refreshed
    const refused = await tokens.verify(token).then(
      () => null,
      (e: Error) => e,
    );
    expect(refused?.message).to.contain("token expired");
  });

  it("when the server refreshes a token over HTTP past its maximum, then 403 TokenExpired", async () => {
    const target = await startTarget({ ...OFF, DIRECT_LINE_TOKEN_MAX_REFRESHES: "2" });
    try {
      let token = (await start(target)).token;
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${target.url}/v3/directline/tokens/refresh`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
        statuses.push(res.status);
        const body = (await res.json()) as { token?: string; error?: { code: string } };
        if (body.token) token = body.token;
        else expect(body.error?.code).to.equal("TokenExpired");
      }
      // Starting the conversation (POST /conversations with the secret, then the token) counted once.
      expect(statuses).to.deep.equal([200, 200, 403]);
    } finally {
      await target.close();
    }
  });
});

describe("Origins, CORS and security headers", function () {
  this.timeout(30_000);
  let target: Target;
  const BANK = "https://www.bank.example";
  before(async () => {
    target = await startTarget({ ALLOWED_ORIGINS: BANK });
  });
  after(async () => {
    await target.close();
  });

  it("when a page on an allowed origin pre-flights a Direct Line call, then CORS allows its origin, Authorization and POST", async () => {
    const res = await fetch(`${target.url}/v3/directline/conversations`, {
      method: "OPTIONS",
      headers: { origin: BANK, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    expect(res.status).to.equal(204);
    expect(res.headers.get("access-control-allow-origin")).to.equal(BANK);
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).to.contain("authorization");
    expect(res.headers.get("access-control-allow-methods")).to.contain("POST");
  });

  it("when a page on another origin calls Direct Line, then no CORS header lets its browser read the answer", async () => {
    const res = await fetch(`${target.url}/v3/directline/conversations`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    expect(res.headers.get("access-control-allow-origin")).to.equal(null);
  });

  it("when an allowed origin's page asks for a widget token, then it gets one with CORS; a foreign origin gets 403", async () => {
    const ok = await fetch(`${target.url}/api/widget/token`, { method: "POST", headers: { origin: BANK } });
    expect(ok.status).to.equal(200);
    expect(ok.headers.get("access-control-allow-origin")).to.equal(BANK);
    const evil = await fetch(`${target.url}/api/widget/token`, { method: "POST", headers: { origin: "https://evil.example" } });
    expect(evil.status).to.equal(403);
  });

  it("when the chat page is served, then it carries a CSP (scripts from self only, no framing by others) and the other helmet headers", async () => {
    const res = await fetch(`${target.url}/`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).to.contain("script-src 'self'");
    expect(csp).to.contain("object-src 'none'");
    expect(csp).to.contain("frame-ancestors 'self'");
    expect(csp).not.to.match(/script-src[^;]*unsafe/);
    expect(res.headers.get("x-frame-options")).to.equal("SAMEORIGIN");
    expect(res.headers.get("x-content-type-options")).to.equal("nosniff");
    expect(res.headers.get("referrer-policy")).to.equal("no-referrer");
    const bundle = await fetch(`${target.url}/webchat/webchat.js`, { method: "HEAD" });
    expect(bundle.headers.get("cross-origin-resource-policy"), "the bundle may be embedded by a bank's page").to.equal("cross-origin");
  });
});

import { z } from "zod";
import { XieshangError } from "./errors.js";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .transform((v) => v === "true" || v === "1");
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/**
 * Every configuration key, with its default and what it is for. `.env.example` lists the same
 * keys; the README explains them. Parsed once at start-up: a bad value stops the program with a
 * message naming the key.
 */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978).describe("HTTP port (0 = any free port)"),
  HOST: z.string().min(1).default("127.0.0.1").describe("Address to listen on"),
  ALLOW_ANONYMOUS_DEV: bool.default(false).describe(
    "Allow /api/messages without Bot Framework auth on a non-loopback HOST (development only)",
  ),
  MicrosoftAppId: optionalString.describe("Bot Framework app id; empty = no channel auth (loopback only)"),
  MicrosoftAppPassword: optionalString.describe("Bot Framework app password"),
  MicrosoftAppTenantId: optionalString.describe("Tenant id for a SingleTenant app"),
  MicrosoftAppType: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("MultiTenant"),
  REDIS_URL: optionalString
    .refine((v) => v === undefined || /^rediss?:\/\//.test(v), "must start with redis:// or rediss://")
    .describe("Redis URL; empty = in-memory store (one instance only)"),
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(3000),
  OPENAI_API_KEY: optionalString.describe("Key for an OpenAI-compatible API; empty = offline classifier"),
  OPENAI_BASE_URL: optionalString
    .refine((v) => v === undefined || /^https?:\/\//.test(v), "must be an http(s) URL")
    .describe("Base URL of an OpenAI-compatible server (Azure OpenAI, vLLM, Ollama)"),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(30000).default(4000),
  CLASSIFIER_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.7),
  CLASSIFIER_ROUTE_CONFIDENCE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.8)
    .describe("A dispute, fraud or complaint label at or above this routes at once; between MIN and this the borrower is asked to confirm"),
  DIRECT_LINE_SECRET: optionalString
    .refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters")
    .describe("Secret for /v3/directline/tokens/generate and token signing; empty = a random one per start"),
  DIRECT_LINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(1800),
  POLICY_FILE: optionalString.describe("Policy pack JSON; empty = the built-in cn-2026.1"),
  ACCOUNTS_FILE: optionalString.describe("Account directory JSON; empty = the demo accounts"),
  CRISIS_SUPPORT_ZH: z.string().min(1).default("全国心理援助热线 400-161-9995；北京心理危机研究与干预中心 010-82951332；紧急情况请拨打 120 或 110"),
  CRISIS_SUPPORT_EN: z.string().min(1).default("National psychological assistance hotline 400-161-9995; Beijing Suicide Research and Prevention Center 010-82951332; in an emergency call 120 or 110"),
  DEBT_ADVICE_ZH: z.string().min(1).default("可向当地法律援助中心（12348）免费咨询债务问题"),
  DEBT_ADVICE_EN: z.string().min(1).default("Free debt advice is available from your local legal aid centre (12348)"),
  QUIET_HOURS: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, "must look like 21:00-08:00")
    .default("21:00-08:00")
    .describe("No proactive messages in this window, borrower's time"),
  BORROWER_TIME_ZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "is not a known IANA time zone")
    .default("Asia/Shanghai"),
  AGENT_HOURS: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, "must look like 09:00-21:00")
    .default("09:00-21:00")
    .describe("When agents answer chats (BORROWER_TIME_ZONE); outside it the borrower is told when they are back"),
  BORROWER_ACTIVE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(240)
    .default(30)
    .describe("A borrower who wrote within this many minutes is active: replies to them are not proactive (quiet hours)"),
  HANDOFF_HUB: z
    .enum(["console", "external"])
    .default("console")
    .describe("Who takes handoffs: this product's agent console, or an external contact-centre hub (Bot Framework handoff protocol)"),
  AGENTS_FILE: optionalString.describe(
    "Agents of the desk (JSON: id, displayName, role, queues, passwordHash); empty = demo users on a loopback HOST, desk off otherwise",
  ),
  AGENT_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30).describe("Agent session idle expiry"),
  AGENT_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12).describe("Agent session absolute expiry"),
  BANK_CONTACT_ZH: z.string().min(1).default("请拨打您银行卡背面或账单上的客服电话").describe("How a borrower reaches the bank when nobody answers the chat (zh-CN)"),
  BANK_CONTACT_EN: z.string().min(1).default("please call the customer service number on the back of your card or on your statement").describe("How a borrower reaches the bank when nobody answers the chat (en)"),
  DEFAULT_LOCALE: z
    .enum(["zh-CN", "en"])
    .default("zh-CN")
    .describe("Locale for a channel that sends no activity.locale"),
  TRUST_PROXY: z
    .string()
    .trim()
    .default("false")
    .refine((v) => v !== "", "must be true, false, a hop count or a list of proxy addresses/subnets")
    .transform((v): boolean | number | string => (v === "true" ? true : v === "false" ? false : /^\d+$/.test(v) ? Number(v) : v))
    .describe("express 'trust proxy': false, true, the number of proxies in front, or their addresses/subnets (e.g. loopback, 10.0.0.0/8)"),
  PUBLIC_URL: optionalString
    .refine((v) => v === undefined || /^https?:\/\/[^/?#]+\/?$/.test(v), "must be an origin like https://chat.bank.example")
    .transform((v) => v?.replace(/\/+$/, ""))
    .describe("The origin borrowers reach this server at (streamUrl, serviceUrl); empty = only loopback Host headers are trusted"),
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((o) => o.trim().replace(/\/+$/, "")).filter((o) => o !== ""))
    .refine((list) => list.every((o) => /^https?:\/\/[^/?#]+$/.test(o)), "must be a comma-separated list of origins like https://www.bank.example")
    .describe("Other origins whose pages may embed the widget: CORS on /v3/directline and /api/widget/token"),
  MAX_MESSAGE_CHARS: z.coerce.number().int().min(100).max(20000).default(4000).describe("Longest message text a client may post"),
  MAX_SOCKETS_PER_CONVERSATION: z.coerce.number().int().min(1).max(100).default(4).describe("Open WebSockets per conversation on one instance"),
  RATE_LIMIT_TOKENS_PER_MINUTE: z.coerce.number().int().min(0).default(30).describe("Tokens minted/refreshed per address and per conversation (0 = off)"),
  RATE_LIMIT_POSTS_PER_MINUTE: z.coerce.number().int().min(0).default(60).describe("Posted activities per conversation (0 = off)"),
  RATE_LIMIT_POSTS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(0).default(1200).describe("Posted activities per client address (0 = off)"),
  RATE_LIMIT_SOCKETS_PER_MINUTE: z.coerce.number().int().min(0).default(30).describe("WebSocket opens per conversation (0 = off)"),
  RATE_LIMIT_SOCKETS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(0).default(300).describe("WebSocket opens per client address (0 = off)"),
  DIRECT_LINE_TOKEN_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(604800).default(86400).describe("A conversation's tokens cannot be refreshed past this age"),
  DIRECT_LINE_TOKEN_MAX_REFRESHES: z.coerce.number().int().min(0).max(10000).default(200).describe("Refreshes (and reconnects) per token lineage"),
  CHANNEL_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(4000).describe("Longest a Bot Framework reply send may hold a turn"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  RETENTION_STATE_DAYS: z.coerce.number().int().min(1).max(3650).default(30).describe(
    "Dialog and user state expire this many days after the last message (POLICY §8)",
  ),
  RETENTION_TRANSCRIPT_DAYS: z.coerce.number().int().min(1).max(3650).default(180).describe(
    "Transcripts, conversation references, handoff records and the account index expire this many days after the last activity",
  ),
  RETENTION_RECORDS_YEARS: z.coerce.number().int().min(1).max(30).default(5).describe(
    "Agreements and the audit log are kept this many years (the bank's record-keeping period)",
  ),
  TRANSCRIPT_MAX_ENTRIES: z.coerce.number().int().min(100).max(100000).default(2000).describe(
    "Longest transcript kept per conversation (older entries are trimmed)",
  ),
  METRICS_PORT: optionalString
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) <= 65535), "must be a port number (0 = any free port)")
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .describe("Serve Prometheus /metrics on this port of METRICS_HOST; empty = not on a port of its own"),
  METRICS_HOST: z.string().min(1).default("127.0.0.1").describe("Address of the metrics listener"),
  METRICS_TOKEN: optionalString
    .refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters")
    .describe("Serve /metrics on the main port to requests with Authorization: Bearer <token>; empty = not on the main port"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120000).default(10000).describe(
    "On SIGTERM: how long in-flight turns may take before the process exits anyway",
  ),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Parses the environment; throws a XieshangError("config") whose message names each bad key. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k]]));
  const parsed = ConfigSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new XieshangError("config", `invalid configuration — ${lines.join("; ")}`);
  }
  return parsed.data;
}

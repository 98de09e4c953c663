import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";
import { HttpError } from "./errorHandler.js";

/**
 * The origin clients are told to use (Direct Line `streamUrl`, the stored `serviceUrl`). The Host
 * header is the client's to choose, so it is never copied there: PUBLIC_URL when configured,
 * otherwise only a loopback Host (development on one machine) is accepted.
 */
export type PublicOrigin = (req: { protocol: string; headers: IncomingMessage["headers"] }) => string;

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

export function publicOriginResolver(publicUrl: string | undefined): PublicOrigin {
  if (publicUrl) {
    const fixed = publicUrl.replace(/\/+$/, "");
    return () => fixed;
  }
  return (req) => {
    const host = req.headers.host ?? "";
    if (!LOOPBACK_HOST.test(host)) {
      throw new HttpError("bad_request", "Host: only loopback hosts are served without PUBLIC_URL; configure PUBLIC_URL", {
        wireCode: "BadArgument",
      });
    }
    return `${req.protocol === "https" ? "https" : "http"}://${host.toLowerCase()}`;
  };
}

/** The client's address for rate limits: express's `req.ip` rule (TRUST_PROXY) applied to a bare request (WebSocket upgrades). */
export type ClientAddress = (req: IncomingMessage) => string;

export function clientAddressResolver(trust: boolean | number | string): ClientAddress {
  const compiled =
    typeof trust === "boolean"
      ? () => trust
      : typeof trust === "number"
        ? (_addr: string, i: number) => i < trust
        : proxyaddr.compile(trust.split(",").map((s) => s.trim()).filter((s) => s !== ""));
  return (req) => {
    try {
      return proxyaddr(req, compiled) ?? "unknown";
    } catch {
      return req.socket.remoteAddress ?? "unknown";
    }
  };
}

import cors from "cors";
import helmet from "helmet";
import type { RequestHandler } from "express";

/**
 * Security headers (helmet) with a Content-Security-Policy the official Web Chat bundle runs
 * under: scripts only from this origin (the page's one inline <script> is a JSON data block,
 * which CSP does not execute), connections to this origin over HTTP(S) and WebSocket, styles
 * inline (Web Chat injects its styles at run time; no script can run from a style), images from
 * data:/blob: (avatars, Adaptive Card images), no plugins, no framing by other sites.
 */
export function securityHeaders(options: { publicUrl?: string | undefined }): RequestHandler {
  const connect = ["'self'"];
  if (options.publicUrl) {
    const ws = options.publicUrl.replace(/^http/i, "ws");
    connect.push(options.publicUrl, ws);
  }
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        mediaSrc: ["'self'", "data:", "blob:"],
        connectSrc: connect,
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        workerSrc: ["'self'", "blob:"],
      },
    },
    // The Web Chat bundle may be loaded by a bank's page on another origin (README: embedding).
    crossOriginResourcePolicy: { policy: "cross-origin" },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: false, // TLS ends at the load balancer, which sets HSTS for its own domain
  });
}

/**
 * CORS for Direct Line and the widget token endpoint: only the configured ALLOWED_ORIGINS may call
 * from a browser on another origin (Web Chat sends Authorization, so it is pre-flighted).
 */
export function allowedOriginsCors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: ["Authorization", "Content-Type", "x-ms-bot-agent", "x-requested-with"],
    maxAge: 600,
    credentials: false,
  });
}

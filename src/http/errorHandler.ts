import type { ErrorRequestHandler, RequestHandler } from "express";
import { XieshangError, type ErrorCode } from "../errors.js";
import { silentLogger, type Logger } from "../log.js";

/**
 * Central error handling. Every error leaves as the Direct Line error body
 * `{ "error": { "code": "<wire code>", "message": "<safe message>" } }`.
 */
export interface ErrorBody {
  error: { code: string; message: string };
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unavailable: 503,
};

/** Wire codes in the spirit of the Direct Line service's own ("BadArgument", …). */
const WIRE_BY_STATUS: Record<number, string> = {
  400: "BadArgument",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  413: "MessageSizeTooBig",
  415: "UnsupportedMediaType",
  429: "TooManyRequests",
  503: "ServiceUnavailable",
  500: "ServiceError",
};

/**
 * A XieshangError that also fixes the HTTP status and/or the wire code, for the few answers the
 * shared codes do not cover (415, 429, "TokenExpired").
 */
export class HttpError extends XieshangError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly options: { status?: number; wireCode?: string; headers?: Record<string, string> } = {},
  ) {
    super(code, message);
    this.name = "HttpError";
  }
}

export function statusFor(error: XieshangError): number {
  if (error instanceof HttpError && error.options.status !== undefined) return error.options.status;
  return STATUS_BY_CODE[error.code] ?? 500;
}

export function errorBody(status: number, message: string, wireCode?: string): ErrorBody {
  return { error: { code: wireCode ?? WIRE_BY_STATUS[status] ?? (status >= 500 ? "ServiceError" : "BadArgument"), message } };
}

interface BodyParserError {
  type?: unknown;
  status?: unknown;
  expose?: unknown;
  message?: unknown;
}

function isBodyParserError(err: unknown): err is BodyParserError & { type: string; status: number } {
  if (err === null || typeof err !== "object") return false;
  const e = err as BodyParserError;
  return typeof e.type === "string" && typeof e.status === "number";
}

/** JSON.parse messages quote the input: keep the position, drop the borrower's text. */
function describeSyntaxError(message: string): string {
  const position = /position (\d+)/.exec(message);
  const unexpectedEnd = /end of (JSON )?input/i.test(message);
  if (unexpectedEnd) return "unexpected end of input";
  if (position) return `unexpected token at position ${position[1]}`;
  return "not valid JSON";
}

/** The one express error handler: XieshangError code → status; body-parser errors → 400/413. */
export function errorHandler(logger?: Logger): ErrorRequestHandler {
  const log = logger ?? silentLogger;
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    let status: number;
    let body: ErrorBody;
    if (err instanceof XieshangError) {
      status = statusFor(err);
      const wire = err instanceof HttpError ? err.options.wireCode : undefined;
      body = errorBody(status, status >= 500 && status !== 503 ? "internal error" : err.message, wire);
      if (err instanceof HttpError && err.options.headers) res.set(err.options.headers);
    } else if (isBodyParserError(err)) {
      if (err.type === "entity.parse.failed") {
        status = 400;
        body = errorBody(400, `malformed JSON: ${describeSyntaxError(String(err.message ?? ""))}`);
      } else if (err.type === "entity.too.large") {
        status = 413;
        body = errorBody(413, "request body too large");
      } else if (err.type === "encoding.unsupported" || err.type === "charset.unsupported") {
        status = 415;
        body = errorBody(415, "unsupported body encoding; send UTF-8 JSON");
      } else if (err.status >= 400 && err.status < 500) {
        status = err.status;
        body = errorBody(status, "bad request body");
      } else {
        status = 500;
        body = errorBody(500, "internal error");
      }
    } else {
      status = 500;
      body = errorBody(500, "internal error");
    }
    const fields = { method: req.method, path: req.path, status, code: body.error.code };
    if (status >= 500 && status !== 503) {
      log.error("http.error", { ...fields, errorName: err instanceof Error ? err.name : typeof err });
    } else {
      log.debug("http.rejected", fields);
    }
    res.status(status).json(body);
  };
}

/** A 404 in the same shape, for the end of a router. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new XieshangError("not_found", `no route for ${req.method} ${req.path}`));
  };
}

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

/** Messages for statuses that libraries set on their errors (http-errors, send, the router, zlib). */
const MESSAGE_BY_STATUS: Record<number, string> = {
  400: "bad request",
  403: "forbidden",
  404: "not found",
  405: "method not allowed",
  411: "length required",
  413: "request body too large",
  414: "request URI too long",
  415: "unsupported media type",
  416: "range not satisfiable",
  431: "request headers too large",
};

/** `status` / `statusCode` a library put on its error, when it is an HTTP error status. */
function libraryStatus(err: unknown): number | undefined {
  if (err === null || typeof err !== "object") return undefined;
  const e = err as { status?: unknown; statusCode?: unknown };
  const status = typeof e.status === "number" ? e.status : typeof e.statusCode === "number" ? e.statusCode : undefined;
  return status !== undefined && Number.isInteger(status) && status >= 400 && status <= 599 ? status : undefined;
}

/**
 * zlib's errors (a body that claims gzip/deflate/br and is not) carry `Z_…` (zlib) or
 * `ERR__ERROR_…` (brotli) codes, a negative errno, and no status.
 */
function isDecompressionError(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown } | null;
  return typeof e?.code === "string" && /^(Z_|ERR__ERROR_|ERR_(ZLIB|BROTLI))/.test(e.code) && typeof e.errno === "number";
}

/** Status and body for any thrown value: ours, body-parser's, another library's, or a real fault (500). */
export function classifyError(err: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (err instanceof XieshangError) {
    const status = statusFor(err);
    const wire = err instanceof HttpError ? err.options.wireCode : undefined;
    const body = errorBody(status, status >= 500 && status !== 503 ? "internal error" : err.message, wire);
    const headers = err instanceof HttpError ? err.options.headers : undefined;
    return { status, body, ...(headers ? { headers } : {}) };
  }
  if (isBodyParserError(err)) {
    if (err.type === "entity.parse.failed") {
      return { status: 400, body: errorBody(400, `malformed JSON: ${describeSyntaxError(String(err.message ?? ""))}`) };
    }
    if (err.type === "entity.too.large") return { status: 413, body: errorBody(413, "request body too large") };
    if (err.type === "encoding.unsupported" || err.type === "charset.unsupported") {
      return { status: 415, body: errorBody(415, "unsupported body encoding; send UTF-8 JSON (identity, gzip, deflate or br)") };
    }
  }
  if (isDecompressionError(err)) return { status: 400, body: errorBody(400, "request body could not be decompressed") };
  const status = libraryStatus(err);
  if (status !== undefined && status < 500) return { status, body: errorBody(status, MESSAGE_BY_STATUS[status] ?? "bad request") };
  if (status === 503) return { status, body: errorBody(503, "service unavailable") };
  return { status: 500, body: errorBody(500, "internal error") };
}

/**
 * The one express error handler: XieshangError code → status; body-parser's and other libraries'
 * `status`/`statusCode` (4xx) honoured; zlib errors → 400; anything else is a real fault → 500.
 */
export function errorHandler(logger?: Logger): ErrorRequestHandler {
  const log = logger ?? silentLogger;
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const { status, body, headers } = classifyError(err);
    if (headers) res.set(headers);
    const fields = { method: req.method, status, code: body.error.code };
    if (status >= 500 && status !== 503) {
      log.error("http.error", { ...fields, errorName: err instanceof Error ? err.name : typeof err });
    } else {
      log.debug("http.rejected", fields);
    }
    // Headers a library may have set for its own answer (send's Content-Range, …) are not ours to keep.
    res.removeHeader("Content-Disposition");
    res.status(status).json(body);
  };
}

/** A 404 in the same shape, for the end of a router. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new XieshangError("not_found", `no route for ${req.method} ${req.path}`));
  };
}

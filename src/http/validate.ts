import type { RequestHandler } from "express";
import type { z } from "zod";
import { XieshangError } from "../errors.js";

/** "type: expected string" — the first issue, naming the field (dotted path, "body" for the root). */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "body: invalid";
  const path = issue.path.length === 0 ? "body" : issue.path.map(String).join(".");
  let message = issue.message;
  if (issue.code === "invalid_type" && /received undefined/.test(message)) message = "is required";
  return `${path}: ${message}`;
}

/** Parses `req.body` with `schema`; on success replaces `req.body` with the parsed value. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new XieshangError("bad_request", describeIssues(parsed.error));
  return parsed.data;
}

/** Express middleware: 400 with a message naming the field when the body does not match. */
export function validateBody<S extends z.ZodType>(schema: S): RequestHandler {
  return (req, _res, next) => {
    try {
      req.body = parseBody(schema, req.body);
      next();
    } catch (error) {
      next(error);
    }
  };
}

import express, { type RequestHandler } from "express";
import { XieshangError } from "../errors.js";

/** Deepest nesting of arrays/objects a JSON body may have (an activity needs well under 20). */
export const MAX_JSON_DEPTH = 32;

/**
 * Nesting depth of a parsed JSON value, counted without recursion (a 5,000-deep body must not
 * reach a recursive walker later, which would overflow the stack). Stops as soon as `limit` is passed.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * The JSON body parser every route uses: express.json (gzip/deflate/br inflated; its errors carry
 * their status) followed by a nesting-depth check → 400 naming the problem.
 */
export function jsonBody(options: { limit: string; maxDepth?: number; type?: string[] }): RequestHandler[] {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  return [
    express.json({ limit: options.limit, type: options.type ?? ["application/json", "application/*+json"] }),
    (req, _res, next) => {
      if (jsonDepthExceeds(req.body, maxDepth)) {
        next(new XieshangError("bad_request", `body: nested deeper than ${maxDepth} levels`));
        return;
      }
      next();
    },
  ];
}

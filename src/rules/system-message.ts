/** A short, one-line description of a file-system or JSON.parse error, for user-facing messages. */
export function systemMessage(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0] ?? "unknown error";
}

/** decodeURIComponent that answers `undefined` for a malformed escape ("%ZZ", a lone surrogate) instead of throwing. */
export function safeDecodeURIComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A request target ("/path?query" or an absolute URL) as a URL, or undefined when it is not one. */
export function safeRequestUrl(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? "/", "http://localhost");
  } catch {
    return undefined;
  }
}

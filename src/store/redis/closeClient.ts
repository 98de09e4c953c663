/** The part of a node-redis client that closing needs. */
export interface ClosableClient {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  close(): Promise<unknown>;
  destroy(): void;
}

/** How long a graceful close waits for replies still owed before the socket is destroyed. */
export const CLOSE_GRACE_MS = 2000;

/**
 * Closes a node-redis client without ever hanging: a graceful close when it is ready (replies
 * still owed are awaited), bounded — after an outage a reply written to the lost socket never
 * comes, and a client still reconnecting would wait forever — then the socket is destroyed.
 */
export async function closeClient(client: ClosableClient, graceMs = CLOSE_GRACE_MS): Promise<void> {
  try {
    if (client.isReady) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([client.close().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    }
    if (client.isOpen) client.destroy();
  } catch {
    try {
      client.destroy();
    } catch {
      /* already closed */
    }
  }
}

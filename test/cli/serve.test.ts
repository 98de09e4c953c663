import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs `xieshang serve` with only the given configuration; resolves when it exits or after `killAfterMs`. */
function serve(env: Record<string, string>, killAfterMs = 60_000, killWhenListening = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(REDIS_URL|POLICY_FILE|ACCOUNTS_FILE|PORT|HOST|OPENAI_API_KEY)$/.test(k)));
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve"], {
    cwd: ROOT,
    env: { ...clean, LOG_LEVEL: "silent", PORT: "0", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
    if (killWhenListening && stdout.includes("listening on")) child.kill("SIGTERM");
  });
  child.stderr.on("data", (d) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGTERM"), killAfterMs);
  return new Promise((resolve) => {
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("xieshang serve (start-up)", function () {
  this.timeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), "xieshang-serve-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("when REDIS_URL points at nothing, then it exits 1 with one line naming the Redis address, without waiting for the kill timer", async () => {
    const port = await unusedPort();

    const { code, stderr } = await serve({ REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_CONNECT_TIMEOUT_MS: "1000" });

    expect(code).to.equal(1);
    expect(stderr.trim().split("\n")).to.have.length(1);
    expect(stderr).to.contain(`Redis at 127.0.0.1:${port} is unreachable`);
  });

  it("when a configuration value is malformed, then it exits 1 naming the key", async () => {
    const { code, stderr } = await serve({ PORT: "eighty" });

    expect(code).to.equal(1);
    expect(stderr).to.contain("PORT");
  });

  it("when the policy file is broken, then it exits 1 naming the file and the field", async () => {
    const file = join(dir, "broken-policy.json");
    writeFileSync(file, JSON.stringify({ policyVersion: "cn-2026.1" }));

    const { code, stderr } = await serve({ POLICY_FILE: file });

    expect(code).to.equal(1);
    expect(stderr).to.contain("broken-policy.json");
    expect(stderr).to.not.match(/\n\s+at /);
  });

  it("when the accounts file is not JSON, then it exits 1 naming the file", async () => {
    const file = join(dir, "accounts.json");
    writeFileSync(file, "{ not json");

    const { code, stderr } = await serve({ ACCOUNTS_FILE: file });

    expect(code).to.equal(1);
    expect(stderr).to.contain("accounts.json");
  });

  it("when everything is in order, then it says where it listens and keeps running until stopped", async () => {
    const { code, stdout } = await serve({}, 60_000, true);

    expect(stdout).to.match(/listening on http:\/\/127\.0\.0\.1:\d+\//);
    expect(code).to.equal(0);
  });
});

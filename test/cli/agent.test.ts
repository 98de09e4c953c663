import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import bcrypt from "bcryptjs";
import { AgentDirectory, loadAgentsFile } from "../../src/handoff/agents.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function run(args: string[], input = "") {
  const { AGENTS_FILE: _ignored, ...env } = process.env;
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "agent", ...args], { cwd: ROOT, input, env, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("xieshang agent add (CLI)", function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), "xieshang-agent-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("when a password is piped in, then the entry is written with a bcrypt hash that verifies it, and the password is nowhere in the file", async () => {
    const file = join(dir, "agents.json");
    const { code, stderr } = run(["add", "--id", "wang", "--name", "小王", "--role", "supervisor", "--queues", "general,welfare", "--file", file], "correct horse battery\n");
    expect(stderr).to.equal("");
    expect(code).to.equal(0);
    const text = readFileSync(file, "utf8");
    expect(text).not.to.include("correct horse battery");
    const [entry] = loadAgentsFile(file);
    expect(entry).to.include({ id: "wang", displayName: "小王", role: "supervisor" });
    expect(entry!.queues).to.deep.equal(["general", "welfare"]);
    expect(await bcrypt.compare("correct horse battery", entry!.passwordHash)).to.equal(true);
    expect(await new AgentDirectory([entry!]).verify("wang", "correct horse battery")).to.include({ id: "wang" });
  });

  it("when the password is given on the command line or a queue is unknown, then it refuses with exit 2 and writes nothing", () => {
    const file = join(dir, "refused.json");
    const onArgv = run(["add", "--id", "x", "--name", "X", "--role", "agent", "--queues", "general", "--file", file, "--password", "secretsecret12"]);
    expect(onArgv.code).to.equal(2);
    expect(onArgv.stderr).to.include("--password");
    const badQueue = run(["add", "--id", "x", "--name", "X", "--role", "agent", "--queues", "general,vip", "--file", file], "secretsecret12\n");
    expect(badQueue.code).to.equal(2);
    expect(badQueue.stderr).to.include("--queues");
    expect(() => readFileSync(file)).to.throw();
  });
});

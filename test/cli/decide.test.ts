import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXAMPLE = join(ROOT, "examples", "case-card-medical.json");

/** Runs `node --import tsx src/cli.ts decide …args` from the repository root. */
function run(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const { POLICY_FILE: _ignored, ...env } = process.env;
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "decide", ...args], {
    cwd: ROOT,
    input: options.input ?? "",
    env: { ...env, ...options.env },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("xieshang decide (CLI)", function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), "xieshang-decide-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const example = JSON.parse(readFileSync(EXAMPLE, "utf8")) as { account: Record<string, unknown> };

  it("when given the example case file, then it prints the decision JSON with 2-space indent and exits 0", () => {
    const { code, stdout, stderr } = run([EXAMPLE]);

    expect(stderr).to.equal("");
    expect(code).to.equal(0);
    const decision = JSON.parse(stdout) as { decision: string; offers: { type: string }[] };
    expect(decision.decision).to.equal("offer");
    expect(decision.offers.map((o) => o.type)).to.deep.equal(["payment_deferral", "personalized_instalment", "penalty_waiver"]);
    expect(stdout).to.equal(`${JSON.stringify(decision, null, 2)}\n`);
  });

  it("when the same case comes on standard input, then the output is byte-for-byte the same as from the file", () => {
    const fromFile = run([EXAMPLE]);

    const fromStdin = run([], { input: readFileSync(EXAMPLE, "utf8") });

    expect(fromStdin.code).to.equal(0);
    expect(fromStdin.stdout).to.equal(fromFile.stdout);
  });

  it("when a field has the wrong type on standard input, then one stderr line names the field and it exits 1", () => {
    const bad = { ...example, account: { ...example.account, daysPastDue: "35" } };

    const { code, stdout, stderr } = run(["-"], { input: JSON.stringify(bad) });

    expect(code).to.equal(1);
    expect(stdout).to.equal("");
    expect(stderr).to.equal("xieshang decide: account.daysPastDue: expected number, received string\n");
  });

  it("when the file holds an unknown field, then one stderr line names it and it exits 1", () => {
    const file = join(dir, "unknown.json");
    writeFileSync(file, JSON.stringify({ ...example, note: "hi" }));

    const { code, stderr } = run([file]);

    expect(code).to.equal(1);
    expect(stderr).to.equal('xieshang decide: (root): unknown field "note"\n');
  });

  it("when the input is not JSON, then one stderr line says so without a stack trace and it exits 1", () => {
    const { code, stderr } = run([], { input: "{ not json" });

    expect(code).to.equal(1);
    expect(stderr).to.match(/^xieshang decide: standard input: invalid JSON: [^\n]+\n$/);
  });

  it("when the file does not exist, then one stderr line names it and it exits 1", () => {
    const file = join(dir, "missing.json");

    const { code, stderr } = run([file]);

    expect(code).to.equal(1);
    expect(stderr).to.equal(`xieshang decide: ${file}: cannot read: no such file\n`);
  });

  it("when POLICY_FILE points at a broken pack, then one stderr line names the pack and field and it exits 1", () => {
    const file = join(dir, "policy.json");
    writeFileSync(file, JSON.stringify({ policyVersion: "cn-2026.1" }));

    const { code, stderr } = run([EXAMPLE], { env: { POLICY_FILE: file } });

    expect(code).to.equal(1);
    expect(stderr.split("\n")).to.have.length(2);
    expect(stderr.startsWith(`xieshang decide: ${file}: escalation: missing (expected object)`)).to.equal(true);
  });

  it("when POLICY_FILE points at a valid pack with a lower authority limit, then that pack decides", () => {
    const file = join(dir, "strict-policy.json");
    const pack = JSON.parse(readFileSync(join(ROOT, "src/rules/policies/cn-2026.1.json"), "utf8")) as { escalation: Record<string, number> };
    pack.escalation.authorityLimitMinor = 1000000;
    writeFileSync(file, JSON.stringify(pack));

    const { code, stdout } = run([EXAMPLE], { env: { POLICY_FILE: file } });

    expect(code).to.equal(0);
    expect((JSON.parse(stdout) as { escalation: { reason: string } }).escalation.reason).to.equal("above_authority_limit");
  });

  it("when given two file arguments, then it prints the usage and exits 2", () => {
    const { code, stderr } = run([EXAMPLE, EXAMPLE]);

    expect(code).to.equal(2);
    expect(stderr).to.match(/^usage: xieshang decide \[FILE\]/);
  });
});

import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XieshangError } from "../../src/errors.js";
import { DEFAULT_POLICY_FILE, loadPolicy, parsePolicy } from "../../src/rules/index.js";

function policyError(fn: () => unknown): XieshangError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(XieshangError);
    return err as XieshangError;
  }
  throw new Error("no error was thrown");
}

const builtIn = (): Record<string, unknown> => structuredClone(loadPolicy()) as unknown as Record<string, unknown>;

describe("the built-in policy pack cn-2026.1", () => {
  it("when loaded without a path, then it holds POLICY.md's thresholds", () => {
    const policy = loadPolicy();

    expect(policy.policyVersion).to.equal("cn-2026.1");
    expect(policy.escalation).to.deep.equal({ recoveriesAfterDaysPastDue: 180, authorityLimitMinor: 20000000, brokenArrangementsLimit: 2 });
    expect(policy.deferral.monthsByExpectedDuration).to.deep.equal({ under_3_months: 3, "3_to_12_months": 6 });
    expect([policy.deferral.maxDaysPastDue, policy.deferral.maxArrangementsLast12m, policy.extension.maxDaysPastDue]).to.deep.equal([90, 0, 90]);
    expect([policy.extension.shortTermMaxOriginalMonths, policy.extension.mediumTermMaxOriginalMonths, policy.extension.longTermMaxExtensionMonths]).to.deep.equal([12, 60, 36]);
    expect(policy.instalment.maxMonths).to.equal(60);
    expect(policy.waiver.approvalAboveMinor).to.equal(500000);
    expect([...policy.waiver.reasons].sort()).to.deep.equal(["bereavement", "disaster", "job_loss", "medical"]);
    expect([...policy.temporaryReasons].sort()).to.deep.equal(["bereavement", "disaster", "family_emergency", "income_reduction", "job_loss", "medical"]);
  });

  it("when loaded, then it is frozen so no caller can change a threshold for the next decision", () => {
    const policy = loadPolicy();

    expect(Object.isFrozen(policy.escalation)).to.equal(true);
    expect(Object.isFrozen(policy.waiver.reasons)).to.equal(true);
  });

  it("when loaded by its explicit path, then it equals the default", () => {
    expect(loadPolicy(DEFAULT_POLICY_FILE)).to.deep.equal(loadPolicy());
  });
});

describe("policy pack validation", () => {
  const table: { name: string; change: (p: Record<string, any>) => void; message: string }[] = [
    { name: "an unknown top-level key is present", change: (p) => (p.currency = "CNY"), message: 'pack.json: (root): unknown field "currency"' },
    { name: "a threshold is misspelt", change: (p) => { p.escalation.authorityLimit = p.escalation.authorityLimitMinor; delete p.escalation.authorityLimitMinor; }, message: 'pack.json: escalation.authorityLimitMinor: missing (expected number); escalation: unknown field "authorityLimit"' },
    { name: "a threshold is a string", change: (p) => (p.instalment.maxMonths = "60"), message: "pack.json: instalment.maxMonths: expected number, received string" },
    { name: "a threshold is negative", change: (p) => (p.waiver.approvalAboveMinor = -1), message: "pack.json: waiver.approvalAboveMinor: must be ≥ 0" },
    { name: "a waiver reason is not a hardship reason", change: (p) => (p.waiver.reasons = ["medical", "gambling"]), message: 'pack.json: waiver.reasons.1: expected "medical" | "job_loss" | "income_reduction" | "business_difficulty" | "disaster" | "family_emergency" | "bereavement" | "over_indebtedness" | "other", received "gambling"' },
    { name: "a temporary reason repeats", change: (p) => (p.temporaryReasons = ["medical", "medical"]), message: "pack.json: temporaryReasons: must not repeat a reason" },
    { name: "a deferral duration is not a known duration", change: (p) => (p.deferral.monthsByExpectedDuration = { under_3_months: 3, forever: 12 }), message: 'pack.json: deferral.monthsByExpectedDuration: unknown field "forever"' },
    { name: "the extension bands are out of order", change: (p) => (p.extension.mediumTermMaxOriginalMonths = 12), message: "pack.json: extension.mediumTermMaxOriginalMonths: must be greater than shortTermMaxOriginalMonths" },
    { name: "a citation is empty", change: (p) => (p.instalment.citation = " "), message: "pack.json: instalment.citation: must not be empty" },
    { name: "the waiver reasons are empty", change: (p) => (p.waiver.reasons = []), message: "pack.json: waiver.reasons: must have at least 1 item(s)" },
    { name: "the version is malformed", change: (p) => (p.policyVersion = "latest"), message: "pack.json: policyVersion: must look like cn-2026.1" },
  ];
  for (const { name, change, message } of table) {
    it(`when ${name}, then parsePolicy throws a policy error "${message}"`, () => {
      const pack = builtIn();
      change(pack);

      const err = policyError(() => parsePolicy(pack, "pack.json"));

      expect(err.code).to.equal("policy");
      expect(err.message).to.equal(message);
    });
  }

  describe("loadPolicy() from files", () => {
    const dir = mkdtempSync(join(tmpdir(), "xieshang-policy-"));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("when the file does not exist, then it throws \"<file>: cannot read: no such file\"", () => {
      const file = join(dir, "missing.json");

      expect(policyError(() => loadPolicy(file)).message).to.equal(`${file}: cannot read: no such file`);
    });

    it("when the path is a directory, then it throws \"<dir>: cannot read: is a directory\"", () => {
      expect(policyError(() => loadPolicy(dir)).message).to.equal(`${dir}: cannot read: is a directory`);
    });

    it("when the file is not JSON, then it throws one line starting \"<file>: invalid JSON:\"", () => {
      const file = join(dir, "broken.json");
      writeFileSync(file, "{ policyVersion: cn-2026.1 }");

      const err = policyError(() => loadPolicy(file));

      expect(err.code).to.equal("policy");
      expect(err.message.startsWith(`${file}: invalid JSON: `)).to.equal(true);
      expect(err.message).to.not.contain("\n");
    });

    it("when the file fails the schema, then the message names the file and the field", () => {
      const file = join(dir, "bad.json");
      const pack = builtIn();
      (pack.escalation as Record<string, unknown>).brokenArrangementsLimit = 0;
      writeFileSync(file, JSON.stringify(pack));

      expect(policyError(() => loadPolicy(file)).message).to.equal(`${file}: escalation.brokenArrangementsLimit: must be ≥ 1`);
    });

    it("when the file is a valid pack with changed thresholds, then those thresholds are loaded", () => {
      const file = join(dir, "good.json");
      const pack = builtIn();
      (pack.instalment as Record<string, unknown>).maxMonths = 36;
      writeFileSync(file, JSON.stringify(pack));

      expect(loadPolicy(file).instalment.maxMonths).to.equal(36);
    });
  });
});

import { expect } from "chai";
import { createLogger, mask } from "../src/log.js";

describe("logs", () => {
  const cases: Array<[string, string, string]> = [
    ["an 18-character ID number", "id 11010519491231002X", "11010519491231002X"],
    ["a mobile number", "call 13812345678", "13812345678"],
    ["a 16-digit card number", "card 6222021234567890", "6222021234567890"],
    ["a 19-digit card number", "card 6222021234567890123", "6222021234567890123"],
  ];
  for (const [what, text, secret] of cases) {
    it(`when a field carries ${what}, then only its last four characters reach the log`, () => {
      const lines: string[] = [];
      const log = createLogger("info", (line) => lines.push(line));

      // "detail" is not a redacted field: this is the second line of defence, the mask.
      log.info("test.event", { detail: text, nested: { why: text } });

      expect(lines.join("")).to.not.contain(secret);
      expect(lines.join("")).to.contain(secret.slice(-4));
    });
  }

  it("when a field that may hold a borrower's words or identity is logged, then its value is redacted at any of the first two levels", () => {
    const lines: string[] = [];
    const log = createLogger("info", (line) => lines.push(line));

    log.info("test.event", { conversationId: "c-1", text: "我叫张三", name: "张三", note: "lost job", activity: { text: "secret words", from: { name: "Zhang" } }, count: 2 });

    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(lines[0]).to.not.match(/张三|lost job|secret words/);
    expect(entry).to.include({ conversationId: "c-1", text: "[redacted]", name: "[redacted]", note: "[redacted]", count: 2 });
    expect(entry.activity).to.deep.equal({ text: "[redacted]", from: { name: "[redacted]" } });
  });

  it("when an event is logged, then it is one JSON line with the level, an ISO time and the event name", () => {
    const lines: string[] = [];
    const log = createLogger("info", (line) => lines.push(line));

    log.warn("store.lost", { where: "127.0.0.1:6379" });

    expect(lines).to.have.length(1);
    expect(lines[0]!.endsWith("\n")).to.equal(true);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).to.include({ level: "warn", event: "store.lost", where: "127.0.0.1:6379" });
    expect(Date.parse(String(entry.time))).to.be.a("number").and.not.NaN;
  });

  it("when a value is an ordinary id or count, then it is left alone", () => {
    expect(mask("conversation 3f9c-12 had 3 turns at 2026-11-29")).to.equal("conversation 3f9c-12 had 3 turns at 2026-11-29");
  });

  it("when the level is above the event's, then nothing is written", () => {
    const lines: string[] = [];
    const log = createLogger("warn", (line) => lines.push(line));

    log.info("quiet.event");
    log.warn("loud.event");

    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain("loud.event");
  });
});

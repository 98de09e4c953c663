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

      log.info("test.event", { note: text });

      expect(lines.join("")).to.not.contain(secret);
      expect(lines.join("")).to.contain(secret.slice(-4));
    });
  }

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

import { expect } from "chai";
import { XieshangError } from "../../src/errors.js";
import { decideUnknown, parseCase } from "../../src/rules/index.js";
import { cardCase, loanCase, policy } from "./builders.js";

/** The message parseCase throws for `json`. */
function messageFor(json: unknown): string {
  try {
    parseCase(json);
  } catch (err) {
    expect(err).to.be.instanceOf(XieshangError);
    expect((err as XieshangError).code).to.equal("bad_request");
    return (err as XieshangError).message;
  }
  throw new Error("parseCase accepted the input");
}

describe("parseCase(): validating untrusted input", () => {
  const card = cardCase();
  const loan = loanCase();
  const table: { name: string; json: unknown; message: string }[] = [
    { name: "an unknown top-level field is present", json: { ...card, score: 700 }, message: '(root): unknown field "score"' },
    { name: "an unknown account field is present", json: { ...card, account: { ...card.account, limitMinor: 1 } }, message: 'account: unknown field "limitMinor"' },
    { name: "daysPastDue is a string", json: { ...card, account: { ...card.account, daysPastDue: "35" } }, message: "account.daysPastDue: expected number, received string" },
    { name: "outstandingMinor has fen fractions", json: { ...card, account: { ...card.account, outstandingMinor: 10.5 } }, message: "account.outstandingMinor: expected integer, received number 10.5" },
    { name: "a flag is missing", json: { ...card, flags: { ...card.flags, dispute: undefined } }, message: "flags.dispute: missing (expected boolean)" },
    { name: "the reason is outside the closed set", json: { ...card, hardship: { ...card.hardship, reason: "gambling" } }, message: 'hardship.reason: expected "medical" | "job_loss" | "income_reduction" | "business_difficulty" | "disaster" | "family_emergency" | "bereavement" | "over_indebtedness" | "other", received "gambling"' },
    { name: "a card carries an original term", json: { ...card, account: { ...card.account, originalTermMonths: 12 } }, message: "account.originalTermMonths: must be null for a credit card" },
    { name: "a card carries a remaining term", json: { ...card, account: { ...card.account, remainingTermMonths: 3 } }, message: "account.remainingTermMonths: must be null for a credit card" },
    { name: "a loan has no remaining term", json: { ...loan, account: { ...loan.account, remainingTermMonths: null } }, message: "account.remainingTermMonths: is required (an integer ≥ 1) for a loan" },
    { name: "a loan's remaining term is zero", json: { ...loan, account: { ...loan.account, remainingTermMonths: 0 } }, message: "account.remainingTermMonths: must be ≥ 1" },
    { name: "the input is an array", json: [], message: "(root): expected object, received array" },
    { name: "a negative amount is given", json: { ...card, hardship: { ...card.hardship, monthlyIncomeMinor: -1 } }, message: "hardship.monthlyIncomeMinor: must be ≥ 0" },
  ];
  for (const { name, json, message } of table) {
    it(`when ${name}, then it is rejected with "${message}"`, () => {
      expect(messageFor(json)).to.equal(message);
    });
  }

  it("when more than three fields are wrong, then the message names three and counts the rest, on one line", () => {
    const message = messageFor({ identityVerified: "yes", account: 1, hardship: 2, flags: 3, extra: 4 });

    expect(message).to.match(/^identityVerified: expected boolean, received string; account: .+; hardship: .+ \(and 2 more\)$/);
    expect(message).to.not.contain("\n");
  });

  it("when the input is a valid case, then decideUnknown decides it like decide", () => {
    const decision = decideUnknown(JSON.parse(JSON.stringify(loanCase())), policy);

    expect(decision.decision).to.equal("offer");
  });
});

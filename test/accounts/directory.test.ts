import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAccountDirectory, JsonAccountDirectory, loadAccountDirectory } from "../../src/accounts/index.js";
import { XieshangError } from "../../src/errors.js";

/** [account last 4, ID last 4, expected account id (null = not verified)] */
const CLAIMS: Array<[string, string, string | null]> = [
  ["8801", "1234", "demo-card-8801"],
  ["5502", "2345", "demo-loan-5502"],
  ["7703", "345X", "demo-biz-7703"],
  ["7703", "345x", "demo-biz-7703"],
  ["９９０４", "4567", "demo-card-9904"],
  [" 6605 ", "5678", "demo-card-6605"],
  ["8801", "2345", null],
  ["5502", "1234", null],
  ["0000", "0000", null],
  ["880", "1234", null],
  ["", "", null],
];

describe("the account directory", () => {
  const directory = loadAccountDirectory();
  for (const [account, id, expected] of CLAIMS) {
    it(`when the borrower gives ${JSON.stringify(account)} and ${JSON.stringify(id)}, then ${expected ? `the account ${expected} is verified` : "nothing is verified"}`, async () => {
      const verified = await directory.verify({ accountLast4: account, idLast4: id });
      expect(verified?.accountId ?? null).to.equal(expected);
    });
  }

  it("when an account is verified, then the result carries the engine's account facts and only the last 4 digits", async () => {
    const verified = await directory.verify({ accountLast4: "8801", idLast4: "1234" });
    expect(verified?.accountLast4).to.equal("8801");
    expect(verified?.account.product).to.equal("credit_card");
    expect(JSON.stringify(verified)).not.to.include("1234");
  });

  it("when the demo file has a credit card, a consumer loan and a business loan, then each product is present", async () => {
    const products = await Promise.all(
      [["8801", "1234"], ["5502", "2345"], ["7703", "345X"]].map(async ([a, i]) => (await directory.verify({ accountLast4: a!, idLast4: i! }))?.account.product),
    );
    expect(products).to.deep.equal(["credit_card", "consumer_loan", "business_loan"]);
  });

  it("when ACCOUNTS_FILE names a file, then that file is used", async () => {
    const dir = mkdtempSync(join(tmpdir(), "xs-accounts-"));
    const file = join(dir, "accounts.json");
    writeFileSync(file, JSON.stringify({ accounts: [{ accountId: "only", accountLast4: "4242", idLast4: "0001", account: { product: "credit_card", currency: "CNY", outstandingMinor: 100, annualRateBps: 0, daysPastDue: 0, originalTermMonths: null, remainingTermMonths: null, contractualMonthlyPaymentMinor: 10, penaltyAccruedMinor: 0, secured: false, arrangementsLast12m: 0, brokenArrangementsLast12m: 0 } }] }));
    const custom = createAccountDirectory({ ACCOUNTS_FILE: file });
    expect((await custom.verify({ accountLast4: "4242", idLast4: "0001" }))?.accountId).to.equal("only");
    expect(await custom.verify({ accountLast4: "8801", idLast4: "1234" })).to.equal(null);
  });

  it("when the file is invalid (a loan without its term), then loading fails with a message naming the field", () => {
    const dir = mkdtempSync(join(tmpdir(), "xs-accounts-"));
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ accounts: [{ accountId: "x", accountLast4: "1111", idLast4: "0001", account: { product: "consumer_loan", currency: "CNY", outstandingMinor: 100, annualRateBps: 0, daysPastDue: 0, originalTermMonths: null, remainingTermMonths: null, contractualMonthlyPaymentMinor: 10, penaltyAccruedMinor: 0, secured: false, arrangementsLast12m: 0, brokenArrangementsLast12m: 0 } }] }));
    expect(() => JsonAccountDirectory.fromFile(file)).to.throw(XieshangError, /originalTermMonths/);
  });
});

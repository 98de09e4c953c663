import { expect } from "chai";
import { isPlainYes, isSureNo, yesNo } from "../../src/i18n/answers.js";

describe("how a short answer is read (src/i18n/answers.ts)", () => {
  it("when a yes carries an amount, then it is not a plain yes (a correction is being made); a yes with a duration or a cause still is", () => {
    expect(["对，收入是5000", "对，收入是五千", "yes, my income is 5000 now"].map(yesNo)).to.deep.equal([null, null, null]);
    expect(["是的，丢了工作三个月了", "对的，就是因为生病住院", "yes, I lost my job in May"].map(yesNo)).to.deep.equal(["yes", "yes", "yes"]);
  });

  it("when a yes is asked back or trails off, then it is neither consent nor a yes; a plain yes still is", () => {
    for (const text of ["agree?", "同意？", "好吗", "fine...", "嗯……", "ok?"]) {
      expect(isPlainYes(text), text).to.equal(false);
      expect(yesNo(text), text).to.equal(null);
    }
    expect(["同意", "I agree", "好的。", "OK!"].map(isPlainYes)).to.deep.equal([true, true, true, true]);
  });

  it("when a no is hedged, asked back or trails off, then it is not a sure no; a plain no is", () => {
    expect(["not really", "no?", "no...", "不太对", "不…", "maybe not"].map(isSureNo)).to.deep.equal([false, false, false, false, false, false]);
    expect(["no", "不是", "no, I'm fine", "没有"].map(isSureNo)).to.deep.equal([true, true, true, true]);
  });
});

import { expect } from "chai";
import { keywordAction } from "../../src/i18n/keywords.js";
import { createOfflineClassifier } from "../../src/understanding/offline/index.js";

describe("keywords that always act (src/i18n/keywords.ts)", () => {
  it("when a verification answer, an amount or another text without words is checked, then it goes to no model, and a whole-message keyword still counts", () => {
    // arrange: watch the shared offline classifier the keyword check uses
    const shared = createOfflineClassifier();
    const seen: string[] = [];
    const analyse = shared.analyse.bind(shared);
    shared.analyse = (text, locale) => {
      seen.push(text);
      return analyse(text, locale);
    };
    try {
      // act
      const answers = ["8801", "123X", "123x", "4401 0000", "¥2,000", "6000", "😭", "?"].map(keywordAction);
      const worded = keywordAction("我不想活了，帮我转人工");
      // assert
      expect(answers).to.deep.equal([null, null, null, null, null, null, null, "help"]);
      expect(seen.filter((t) => t !== "我不想活了，帮我转人工")).to.deep.equal([]);
      expect(worded).to.equal("self_harm");
      expect(keywordAction("转人工")).to.equal("human");
      expect(keywordAction("算了")).to.equal("cancel");
    } finally {
      shared.analyse = analyse;
    }
  });
});

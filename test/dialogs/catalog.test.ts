import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CATALOG_FILES, catalogs, localeOf, placeholders, t } from "../../src/i18n/catalog.js";
import { formatMoney } from "../../src/i18n/money.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("the message catalogs", () => {
  it("when both catalogs are loaded, then they have the same keys", () => {
    const { "zh-CN": zh, en } = catalogs();
    expect(Object.keys(zh).sort()).to.deep.equal(Object.keys(en).sort());
  });

  it("when a key is in both catalogs, then it has the same placeholders in both", () => {
    const { "zh-CN": zh, en } = catalogs();
    for (const key of Object.keys(en)) expect(placeholders(zh[key]!), key).to.deep.equal(placeholders(en[key]!));
  });

  it("when the catalogs are read, then nothing threatens, pressures or speaks of legal action or borrowing elsewhere", () => {
    const banned = [/legal action|lawsuit|court|sue |police|arrest|credit bureau|borrow from|another loan|friends or family|immediately or|final notice/i, /起诉|法院|律师函|警察|拘留|征信黑名单|借钱还|向亲友借|最后通牒|后果自负/];
    for (const file of Object.values(CATALOG_FILES)) {
      const text = readFileSync(file, "utf8");
      for (const pattern of banned) expect(text, `${file} ${pattern}`).not.to.match(pattern);
    }
  });

  it("when a message needs a parameter that is not given, then rendering fails loudly", () => {
    expect(() => t("en", "verify.failed")).to.throw(/left/);
    expect(t("en", "verify.failed", { left: 2 })).to.include("2");
  });

  it("when money is rendered, then it comes from minor units in each locale's form", () => {
    expect(formatMoney(123456, "en")).to.equal("¥1,234.56");
    expect(formatMoney(123456, "zh-CN")).to.equal("1,234.56 元");
    expect(formatMoney(5, "en")).to.equal("¥0.05");
  });

  it("when the activity locale is zh-anything, then the locale is zh-CN; anything else is English", () => {
    expect(["zh-CN", "zh-cn", "zh-TW", "zh", "en-US", "fr-FR", undefined].map(localeOf)).to.deep.equal(["zh-CN", "zh-CN", "zh-CN", "zh-CN", "en", "en", "en"]);
  });

  it("when the dialogs' source is read, then every catalog key it names exists (no borrower text inline)", () => {
    const { en } = catalogs();
    const dir = `${root}dialogs`;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(`${dir}/${file}`, "utf8");
      for (const [, key] of source.matchAll(/"((?:greeting|disclosure|verify|hardship|summary|offers|terms|agreement|handoff|repair|cancel|help|restart|button|choice)\.[A-Za-z_.]+)"/g)) {
        expect(en[key!], `${file}: ${key}`).to.be.a("string");
      }
    }
  });
});

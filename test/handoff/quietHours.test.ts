import { expect } from "chai";
import { isQuietTime } from "../../src/handoff/quietHours.js";

const shanghai = { window: "21:00-08:00", timeZone: "Asia/Shanghai" };

describe("quiet hours", () => {
  const cases: Array<[string, string, boolean]> = [
    ["20:59 in Shanghai", "2026-11-29T12:59:00Z", false],
    ["21:00 in Shanghai", "2026-11-29T13:00:00Z", true],
    ["03:00 in Shanghai", "2026-11-29T19:00:00Z", true],
    ["07:59 in Shanghai", "2026-11-29T23:59:00Z", true],
    ["08:00 in Shanghai", "2026-11-30T00:00:00Z", false],
    ["noon in Shanghai", "2026-11-30T04:00:00Z", false],
  ];
  for (const [label, iso, quiet] of cases) {
    it(`when it is ${label}, then proactive messages are ${quiet ? "held" : "allowed"}`, () => {
      expect(isQuietTime(new Date(iso), shanghai)).to.equal(quiet);
    });
  }

  it("when the window does not wrap midnight, then only the inside of it is quiet", () => {
    const lunch = { window: "12:00-13:00", timeZone: "UTC" };

    expect(isQuietTime(new Date("2026-11-29T12:30:00Z"), lunch)).to.equal(true);
    expect(isQuietTime(new Date("2026-11-29T13:00:00Z"), lunch)).to.equal(false);
  });

  it("when the borrower lives in another time zone, then their local clock decides", () => {
    const london = { window: "21:00-08:00", timeZone: "Europe/London" };

    // 13:00 UTC is 21:00 in Shanghai but 13:00 in London.
    expect(isQuietTime(new Date("2026-11-29T13:00:00Z"), london)).to.equal(false);
  });
});

import { expect } from "chai";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ConfigSchema, loadConfig } from "../src/config.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

function exampleKeys(): string[] {
  return readFileSync(`${ROOT}.env.example`, "utf8")
    .split("\n")
    .map((line) => /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(line)?.[1])
    .filter((key): key is string => key !== undefined);
}

describe("configuration", () => {
  it("when .env.example is compared with the schema, then they list the same keys", () => {
    expect([...exampleKeys()].sort()).to.deep.equal(Object.keys(ConfigSchema.shape).sort());
  });

  it("when every value of .env.example is loaded as it stands, then it is valid", () => {
    const env = Object.fromEntries(
      readFileSync(`${ROOT}.env.example`, "utf8")
        .split("\n")
        .map((line) => /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );

    const config = loadConfig(env);

    expect(config.PORT).to.equal(3978);
    expect(config.REDIS_URL).to.equal(undefined);
    expect(config.OPENAI_API_KEY).to.equal(undefined);
  });

  it("when nothing is set, then the embedded defaults apply: loopback, in memory, offline", () => {
    const config = loadConfig({});

    expect(config).to.include({ PORT: 3978, HOST: "127.0.0.1", ALLOW_ANONYMOUS_DEV: false, QUIET_HOURS: "21:00-08:00" });
    expect(config.REDIS_URL).to.equal(undefined);
  });

  const bad: Array<[string, string]> = [
    ["PORT", "eighty"],
    ["REDIS_URL", "http://cache:6379"],
    ["OPENAI_BASE_URL", "localhost:11434"],
    ["CLASSIFIER_MIN_CONFIDENCE", "1.5"],
    ["DIRECT_LINE_SECRET", "too-short"],
    ["QUIET_HOURS", "9pm-8am"],
    ["BORROWER_TIME_ZONE", "Mars/Olympus"],
    ["ALLOW_ANONYMOUS_DEV", "yes please"],
    ["LOG_LEVEL", "chatty"],
  ];
  for (const [key, value] of bad) {
    it(`when ${key} is "${value}", then loading fails with a message naming ${key}`, () => {
      expect(() => loadConfig({ [key]: value })).to.throw(new RegExp(`\\b${key}\\b`));
    });
  }
});

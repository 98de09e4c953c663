import { expect } from "chai";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

function runClassify(input: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "classify"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("xieshang classify", () => {
  it("when every input line is good, then one classification line is written per input and the exit code is 0", async () => {
    // arrange
    const input = [
      JSON.stringify({ text: "我被裁了，还不上", locale: "zh-CN" }),
      JSON.stringify({ text: "I want to speak to a human", locale: "en" }),
    ].join("\n");
    // act
    const { code, stdout } = await runClassify(`${input}\n`);
    // assert
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(code).to.equal(0);
    expect(lines).to.have.length(2);
    expect(lines[0]).to.include({ intent: "describe_hardship", reason: "job_loss", source: "offline" });
    expect(lines[1]).to.include({ intent: "request_human", source: "offline" });
    expect(Object.keys(lines[0]!)).to.have.members(["intent", "reason", "vulnerabilities", "confidence", "source", "alternatives"]);
    const alternatives = lines[0]!.alternatives as { intent: string; probability: number }[];
    expect(alternatives[0]).to.deep.equal({ intent: "describe_hardship", probability: lines[0]!.confidence });
  });

  it("when some lines are malformed, then each gets an error line in order, the good ones are classified, and the exit code is 1", async () => {
    // arrange
    const input = [
      JSON.stringify({ text: "我不想活了", locale: "zh-CN" }),
      "this is not json",
      JSON.stringify({ text: "hello", locale: "fr" }),
      "",
      JSON.stringify({ text: "never mind", locale: "en" }),
    ].join("\n");
    // act
    const { code, stdout, stderr } = await runClassify(`${input}\n`);
    // assert
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(code).to.equal(1);
    expect(lines).to.have.length(4);
    expect(lines[0]!.vulnerabilities).to.include("self_harm_risk");
    expect(lines[1]).to.deep.equal({ error: "line 2: not valid JSON" });
    expect(lines[2]!.error).to.match(/^line 3: locale: /);
    expect(lines[3]).to.include({ intent: "cancel" });
    expect(stderr).not.to.include("不想活");
  });

  it("when the configuration is invalid, then it reports on stderr and exits 2", async () => {
    // act
    const { code, stderr, stdout } = await runClassify("", { OPENAI_BASE_URL: "ftp://nope" });
    // assert
    expect(code).to.equal(2);
    expect(stderr).to.include("OPENAI_BASE_URL");
    expect(stdout).to.equal("");
  });
});

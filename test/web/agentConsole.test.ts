/**
 * The agent console's static side: its two catalogs agree, every key the page's scripts name
 * exists (including one per domain enum value the page renders in words), the scripts never
 * write HTML, and the router serves the shell, the scripts, the UI library and the catalogs
 * over real HTTP with nothing inline (so a `script-src 'self'` CSP holds).
 */
import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import express from "express";
import { placeholders } from "../../src/i18n/catalog.js";
import { AGENT_CATALOG_FILES, AGENT_PUBLIC_DIR, agentCatalogs, createAgentConsoleRouter } from "../../src/web/agent/index.js";
import { ESCALATION_REASONS, PRIORITIES, QUEUES } from "../../src/domain/decision.js";
import { DURATIONS, PRODUCTS, REASONS } from "../../src/domain/case.js";
import { AgreementStatus } from "../../src/domain/agreement.js";
import { AUDIT_ACTIONS } from "../../src/domain/audit.js";
import { INTENTS, VULNERABILITIES } from "../../src/domain/classification.js";

const scripts = readdirSync(AGENT_PUBLIC_DIR)
  .filter((f) => f.endsWith(".js"))
  .map((f) => ({ file: f, source: readFileSync(join(AGENT_PUBLIC_DIR, f), "utf8") }));

function raw(locale: "zh-CN" | "en"): Record<string, string> {
  return JSON.parse(readFileSync(AGENT_CATALOG_FILES[locale], "utf8")) as Record<string, string>;
}

describe("the agent console's catalogs", () => {
  it("when both agent catalogs are read, then they have the same keys and each key the same placeholders", () => {
    const zh = raw("zh-CN");
    const en = raw("en");
    expect(Object.keys(zh).sort()).to.deep.equal(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(placeholders(zh[key]!), key).to.deep.equal(placeholders(en[key]!));
    expect(() => agentCatalogs(), "the loader validates them too").not.to.throw();
  });

  it("when the Chinese catalog is read, then its texts are in Chinese (not copied English)", () => {
    const zh = raw("zh-CN");
    // Names of languages, placeholders-only lines and the dash stay as they are.
    const exceptions = new Set(["lang.en", "common.unset", "header.signedInAs", "queue.count", "queue.loadLine"]);
    const notChinese = Object.entries(zh).filter(([key, text]) => !exceptions.has(key) && !/[\u4e00-\u9fff]/.test(text));
    expect(notChinese.map(([k]) => k)).to.deep.equal([]);
  });

  it("when the page's scripts name a catalog key, then the key exists in both catalogs", () => {
    const { en, "zh-CN": zh } = agentCatalogs();
    const named = new Set<string>();
    for (const { source } of scripts) for (const m of source.matchAll(/\bt\(\s*"([a-zA-Z][\w.]*)"/g)) named.add(m[1]!);
    expect(named.size, "the scripts use the catalog").to.be.greaterThan(60);
    for (const key of named) {
      expect(en[key], `en: ${key}`).to.be.a("string");
      expect(zh[key], `zh-CN: ${key}`).to.be.a("string");
    }
  });

  it("when the page shows a domain value in words, then every value of that enum has words in both catalogs", () => {
    const { en, "zh-CN": zh } = agentCatalogs();
    const outcomesLine = scripts.find((s) => s.file === "dialogs.js")!.source.match(/OUTCOMES = (\[[^\]]+\])/)![1]!;
    const queuesLine = scripts.find((s) => s.file === "dialogs.js")!.source.match(/QUEUES = (\[[^\]]+\])/)![1]!;
    expect(JSON.parse(queuesLine), "the transfer dialog offers every queue").to.deep.equal([...QUEUES]);
    const snippetsLine = scripts.find((s) => s.file === "conversation.js")!.source.match(/SNIPPETS = (\[[^\]]+\])/)![1]!;
    const snippets = JSON.parse(snippetsLine) as string[];
    expect(snippets, "greeting, reading, crisis protocol, closing").to.have.length(4);
    const families: Array<[string, readonly string[]]> = [
      ["snippet", snippets],
      ["snippet.name", snippets],
      ["queueName", QUEUES],
      ["priority", PRIORITIES],
      ["escalation", ESCALATION_REASONS],
      ["hardship", REASONS],
      ["duration", DURATIONS],
      ["product", PRODUCTS],
      ["agreementStatus", AgreementStatus.options],
      ["outcome", JSON.parse(outcomesLine) as string[]],
      ["status", ["waiting", "claimed", "returned", "closed"]],
      ["role", ["agent", "supervisor"]],
      ["approvalStatus", ["pending", "approved", "rejected"]],
      ["auditAction", AUDIT_ACTIONS],
      ["intent", INTENTS],
      ["vulnerability", VULNERABILITIES],
      ["borrowerLocale", ["zh_CN", "en"]],
      ["lang", ["zh_CN", "en"]],
    ];
    for (const [prefix, values] of families) {
      for (const v of values) {
        expect(en[`${prefix}.${v}`], `en ${prefix}.${v}`).to.be.a("string");
        expect(zh[`${prefix}.${v}`], `zh-CN ${prefix}.${v}`).to.be.a("string");
      }
    }
    expect(JSON.parse(outcomesLine)).to.deep.equal(["arrangement_made", "referred", "borrower_left", "duplicate", "other"]);
  });

  it("when the page's scripts are read, then none writes HTML from strings or evaluates code", () => {
    for (const { file, source } of scripts) {
      expect(source, file).not.to.match(/innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|\beval\(|new Function/);
    }
  });
});

describe("the agent console's router", () => {
  let server: http.Server;
  let base: string;

  before(async () => {
    const app = express();
    app.use(createAgentConsoleRouter());
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("when /agent is fetched, then the shell is HTML whose only script is a same-origin module and which has no inline script or style", async () => {
    for (const path of ["/agent", "/agent/"]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get("content-type")).to.match(/text\/html/);
      expect(res.headers.get("x-content-type-options")).to.equal("nosniff");
      const body = await res.text();
      const tags = [...body.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
      expect(tags).to.have.length(1);
      expect(tags[0]![0]).to.match(/type="module" src="\/agent\/assets\/app\.js"/);
      expect(tags[0]![1]!.trim(), "no inline code").to.equal("");
      expect(body).not.to.match(/<style|style="|\son[a-z]+=/i);
      expect(body).to.match(/<link rel="stylesheet" href="\/agent\/assets\/agent\.css">/);
    }
  });

  it("when the page's assets are fetched, then each module, the stylesheet and the UI library come as JavaScript/CSS from this server", async () => {
    for (const { file } of scripts) {
      const res = await fetch(`${base}/agent/assets/${file}`);
      expect(res.status, file).to.equal(200);
      expect(res.headers.get("content-type"), file).to.match(/javascript/);
    }
    const css = await fetch(`${base}/agent/assets/agent.css`);
    expect(css.headers.get("content-type")).to.match(/text\/css/);
    const lib = await fetch(`${base}/agent/assets/vendor/preact-htm.js`);
    expect(lib.status).to.equal(200);
    expect(lib.headers.get("content-type")).to.match(/javascript/);
    const text = await lib.text();
    expect(text, "preact + htm in one module").to.match(/export\s*\{[^}]*\bhtml\b[^}]*\}/);
    expect(text, "no bare imports the browser cannot resolve").not.to.match(/\bimport\s*[^(]*from\s*["'][^./]/);
  });

  it("when a catalog is fetched, then it is that locale's file as JSON; an unknown locale is a 404 naming the choices", async () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const res = await fetch(`${base}/agent/assets/i18n/${locale}.json`);
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal(raw(locale));
    }
    const bad = await fetch(`${base}/agent/assets/i18n/fr.json`);
    expect(bad.status).to.equal(404);
    expect(((await bad.json()) as { error: { message: string } }).error.message).to.match(/zh-CN or en/);
  });

  it("when a path outside the assets is asked for, then nothing else is served", async () => {
    // Sent byte for byte with node:http: fetch (WHATWG URL) would collapse the dot segments before sending.
    const { port } = server.address() as AddressInfo;
    const rawGet = (path: string) =>
      new Promise<{ status: number; path: string }>((resolve, reject) => {
        const req = http.get({ host: "127.0.0.1", port, path }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, path: req.path }));
        });
        req.on("error", reject);
      });
    for (const path of ["/agent/assets/../index.ts", "/agent/assets/%2e%2e/index.ts", "/agent/assets/..%2findex.ts", "/agent/assets/%2e%2e%2findex.ts", "/agent/assets/", "/agent/index.ts"]) {
      const res = await rawGet(path);
      expect(res.path, "sent as written").to.equal(path);
      expect(res.status, path).to.equal(404);
    }
  });
});

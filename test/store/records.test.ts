import { expect } from "chai";
import { XieshangError } from "../../src/errors.js";
import { describeBackends, sampleAgreement } from "./backends.js";

describeBackends("ReferenceStore", (backend) => {
  it("when a reference is saved, then another instance reads the same JSON, and a new save replaces it", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    expect(await a.references.get("conv-1")).to.equal(null);
    const reference = { conversation: { id: "conv-1" }, serviceUrl: "https://example.test/", bot: { id: "b" } };
    await a.references.save("conv-1", reference);
    expect(await b.references.get("conv-1")).to.deep.equal(reference);
    await b.references.save("conv-1", { ...reference, serviceUrl: "https://other.test/" });
    expect((await a.references.get("conv-1"))?.serviceUrl).to.equal("https://other.test/");
  });
});

describeBackends("AgreementStore", (backend) => {
  it("when an agreement is saved, then it reads back exactly and is listed under its conversation", async () => {
    const { agreements } = await backend().fresh();
    const agreement = sampleAgreement();
    await agreements.save(agreement);
    expect(await agreements.get(agreement.id)).to.deep.equal(agreement);
    expect(await agreements.listByConversation("conv-1")).to.deep.equal([agreement]);
    expect(await agreements.get("missing")).to.equal(null);
    expect(await agreements.listByConversation("other")).to.deep.equal([]);
  });

  it("when an agreement id is saved twice, then the second save fails with 'conflict' and the first stays", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    const original = sampleAgreement();
    await a.agreements.save(original);
    let caught: unknown;
    await b.agreements.save({ ...original, textShown: "tampered" }).catch((e: unknown) => (caught = e));
    expect(caught).to.be.instanceOf(XieshangError);
    expect((caught as XieshangError).code).to.equal("conflict");
    expect((await a.agreements.get(original.id))?.textShown).to.equal(original.textShown);
    expect(await a.agreements.listByConversation("conv-1")).to.have.length(1);
  });

  it("when an account has agreements from two conversations, then another instance lists both under the account and none under another account", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    await a.agreements.save(sampleAgreement({ id: "agr-1", conversationId: "conv-1", accountId: "acct-9" }));
    await a.agreements.save(sampleAgreement({ id: "agr-2", conversationId: "conv-2", accountId: "acct-9" }));
    await a.agreements.save(sampleAgreement({ id: "agr-3", conversationId: "conv-3", accountId: "acct-other" }));
    expect((await b.agreements.listByAccount("acct-9")).map((x) => x.id)).to.deep.equal(["agr-1", "agr-2"]);
    expect(await b.agreements.listByAccount("acct-none")).to.deep.equal([]);
  });

  it("when a conversation has several agreements, then they are listed in the order saved", async () => {
    const { agreements } = await backend().fresh();
    for (const id of ["agr-b", "agr-a", "agr-c"]) await agreements.save(sampleAgreement({ id }));
    await agreements.save(sampleAgreement({ id: "agr-x", conversationId: "conv-2" }));
    expect((await agreements.listByConversation("conv-1")).map((a) => a.id)).to.deep.equal(["agr-b", "agr-a", "agr-c"]);
  });

  it("when an agreement does not match the schema, then it is refused and nothing is stored", async () => {
    const { agreements } = await backend().fresh();
    const bad = { ...sampleAgreement(), offers: [] };
    let caught: unknown;
    await agreements.save(bad).catch((e: unknown) => (caught = e));
    expect(caught).to.be.instanceOf(Error);
    expect(await agreements.get(bad.id)).to.equal(null);
  });
});

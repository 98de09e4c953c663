import { expect } from "chai";
import { createClient } from "redis";
import { describeBackends } from "./backends.js";

describeBackends("VerificationLockout (POLICY §6: 5 failures in 24 h lock the account for 24 h)", (backend) => {
  it("when 4 failures are counted for an account, then it is not locked; the 5th locks it", async () => {
    const stores = await backend().fresh();
    for (let i = 1; i <= 4; i++) {
      expect(await stores.lockout.recordFailure("claim-a"), `failure ${i}`).to.equal(false);
      expect(await stores.lockout.isLocked("claim-a")).to.equal(false);
    }
    expect(await stores.lockout.recordFailure("claim-a"), "the 5th failure").to.equal(true);
    expect(await stores.lockout.isLocked("claim-a")).to.equal(true);
    expect(await stores.lockout.recordFailure("claim-a"), "a 6th is still locked").to.equal(true);
  });

  it("when one account is locked, then another account is not", async () => {
    const stores = await backend().fresh();
    for (let i = 0; i < 5; i++) await stores.lockout.recordFailure("claim-a");
    expect(await stores.lockout.isLocked("claim-b")).to.equal(false);
    expect(await stores.lockout.recordFailure("claim-b")).to.equal(false);
  });

  it("when failures are counted on two instances, then they add up and both see the lock", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    for (let i = 0; i < 3; i++) await a.lockout.recordFailure("claim-a");
    expect(await b.lockout.recordFailure("claim-a")).to.equal(false);
    expect(await b.lockout.recordFailure("claim-a")).to.equal(true);
    expect(await a.lockout.isLocked("claim-a")).to.equal(true);
  });
});

describeBackends("VerificationLockout in Redis", (backend) => {
  it("when an account is locked, then its one Redis key expires by itself after 24 hours and holds no digits", async () => {
    const stores = await backend().fresh();
    for (let i = 0; i < 5; i++) await stores.lockout.recordFailure("claim-key-1");
    const raw = createClient({ url: backend().server().url });
    raw.on("error", () => {});
    await raw.connect();
    try {
      const keys = (await raw.keys("*verify-lockout*")).filter((k) => k.includes("claim-key-1"));
      expect(keys).to.have.length(1);
      const ttl = await raw.pTTL(keys[0]!);
      expect(ttl, "a TTL, at most 24 h").to.be.within(23 * 3_600_000, 24 * 3_600_000);
    } finally {
      await raw.close();
    }
  });
}, { only: ["redis"] });

import { expect } from "chai";
import { DirectLineTokens } from "../../../src/channels/directline/tokens.js";

const SECRET = "a-direct-line-secret-for-token-tests-0123456789";

describe("Direct Line tokens", () => {
  it("when a token that was verified before expires, then the next use is refused with TokenExpired", async () => {
    let now = Date.parse("2026-11-29T10:00:00Z");
    const tokens = new DirectLineTokens(SECRET, 60, () => now);
    const { token } = await tokens.issue({ conversationId: "xsdl_conv1", userId: "dl_user" });
    const first = await tokens.verify(token);

    now += 61_000;
    const second = await tokens.verify(token).then(
      () => null,
      (e: { status?: number; wireCode?: string; message: string }) => e,
    );

    expect(first).to.include({ conversationId: "xsdl_conv1", userId: "dl_user", refreshes: 0 });
    expect(second?.message).to.contain("token expired");
  });

  it("when the same token is verified twice, then both answers carry its claims and changing one does not change the other", async () => {
    const tokens = new DirectLineTokens(SECRET, 600);
    const { token } = await tokens.issue({ conversationId: "xsdl_conv2", userId: "dl_user", userName: "Li" });

    const a = await tokens.verify(token);
    a.conversationId = "tampered";
    const b = await tokens.verify(token);

    expect(b).to.include({ conversationId: "xsdl_conv2", userId: "dl_user", userName: "Li" });
  });
});

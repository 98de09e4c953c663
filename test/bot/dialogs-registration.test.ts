import { expect } from "chai";
import { createRequire } from "node:module";
import { ComponentRegistration } from "botbuilder";
import { shareDialogsComponentRegistration } from "../../src/bot/dialogsRegistration.js";

const require = createRequire(import.meta.url);

describe("botbuilder-dialogs' component registration, shared (src/bot/dialogsRegistration.ts)", () => {
  it("when the patch is applied, then every DialogContext's registration is one instance, of the library's own class and registered under its own name", () => {
    // arrange
    const applied = shareDialogsComponentRegistration();
    const { DialogsComponentRegistration } = require("botbuilder-dialogs/lib/dialogsComponentRegistration") as { DialogsComponentRegistration: new () => object };
    // act
    const a = new DialogsComponentRegistration();
    const b = new DialogsComponentRegistration();
    ComponentRegistration.add(a as ComponentRegistration);
    // assert: a botbuilder upgrade that moves or freezes the export fails here, not silently
    expect(applied).to.equal(true);
    expect(a).to.equal(b);
    expect(a).to.be.instanceOf(DialogsComponentRegistration);
    expect(a.constructor.name).to.equal("DialogsComponentRegistration");
    expect(ComponentRegistration.components.filter((c) => c.constructor.name === "DialogsComponentRegistration")).to.deep.equal([a]);
  });

  it("when it is applied twice, then it stays one patch (still one instance)", () => {
    // act
    expect(shareDialogsComponentRegistration()).to.equal(true);
    const { DialogsComponentRegistration } = require("botbuilder-dialogs/lib/dialogsComponentRegistration") as { DialogsComponentRegistration: new () => object };
    // assert
    expect(new DialogsComponentRegistration()).to.equal(new DialogsComponentRegistration());
  });
});

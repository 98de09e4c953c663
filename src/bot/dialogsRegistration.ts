import { createRequire } from "node:module";

/**
 * botbuilder-dialogs 4.23's DialogStateManager constructor runs
 * `ComponentRegistration.add(new DialogsComponentRegistration())` for every DialogContext — about
 * seven times a turn here (component dialogs, prompts) — and each construction builds a
 * ServiceCollection and its dependency graph, only for `add` to replace the registered instance
 * (keyed by class name) with an identical one. It was ~10 % of a turn's CPU and garbage.
 *
 * This hands out one instance instead: the module's export is replaced by a Proxy of the class
 * whose `construct` returns the instance built first (the class, its name, prototype and
 * `instanceof` are unchanged). Applied once, at start-up, before any dialog runs. If a botbuilder
 * upgrade makes the export unwritable or renames it, nothing is patched and the library behaves
 * as shipped; test/bot/dialogs-registration.test.ts fails then, so the upgrade is noticed.
 */
export function shareDialogsComponentRegistration(): boolean {
  const require = createRequire(import.meta.url);
  const exports = require("botbuilder-dialogs/lib/dialogsComponentRegistration") as { DialogsComponentRegistration?: new () => object };
  const original = exports.DialogsComponentRegistration;
  if (typeof original !== "function") return false;
  if ((original as { [SHARED]?: boolean })[SHARED]) return true;
  let instance: object | undefined;
  const shared: new () => object = new Proxy(original, {
    construct: (target, args, newTarget): object => {
      // A subclass (newTarget is not the class itself) still gets its own instance.
      if (newTarget !== shared) return Reflect.construct(target, args, newTarget) as object;
      instance ??= Reflect.construct(target, args) as object;
      return instance;
    },
    get: (target, key, receiver) => (key === SHARED ? true : Reflect.get(target, key, receiver)),
  });
  try {
    exports.DialogsComponentRegistration = shared;
  } catch {
    return false;
  }
  return exports.DialogsComponentRegistration === shared;
}

const SHARED = Symbol.for("xieshang.sharedDialogsComponentRegistration");

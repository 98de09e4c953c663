import type { Locale } from "../domain/classification.js";
import { keywordAction, normalise } from "../i18n/keywords.js";
import type { Classifier } from "../understanding/classifier.js";

/**
 * A sign of self-harm in a message sent while the conversation waits for or is with a person:
 * the same keyword check and classifier the dialogs use; clear (`self_harm_risk`) and possible
 * (`self_harm_possible`) signs both count here — nobody asks the §6 question while a person is
 * expected, so the crisis contacts are sent again and the handoff is raised.
 */
export async function signalsSelfHarm(classifier: Classifier, text: string, locale: Locale): Promise<boolean> {
  if (text.trim().length === 0) return false;
  if (keywordAction(text) === "self_harm") return true;
  const label = await classifier.classify(text, locale);
  return label.vulnerabilities.includes("self_harm_risk") || label.vulnerabilities.includes("self_harm_possible");
}

const CALLBACK = ["回电", "回个电话", "给我打电话", "打电话给我", "回电话", "联系我", "call me back", "callback", "call back", "ring me back", "contact me"];

/** "call me back" / "请回电": a callback request while waiting (checked before the words for a person). */
export function asksForCallback(text: string): boolean {
  const norm = normalise(text);
  return CALLBACK.some((phrase) => (/[a-z]/.test(phrase) ? new RegExp(`(^|[^a-z])${phrase}($|[^a-z])`).test(norm) : norm.includes(phrase)));
}

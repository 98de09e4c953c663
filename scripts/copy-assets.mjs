// Copies the JSON and Markdown assets the code reads at run time next to the compiled files.
import { cpSync, mkdirSync } from "node:fs";

const isAsset = (src) => !/\.ts$/.test(src);
mkdirSync("dist/src", { recursive: true });
cpSync("src", "dist/src", { recursive: true, filter: (src) => isAsset(src) });
cpSync("prompts", "dist/prompts", { recursive: true });

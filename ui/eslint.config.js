import js from "@eslint/js";
import ts from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import svelteConfig from "./svelte.config.js";

export default ts.config(
  // src/lib/generated/ is ts-rs output (`make types`): not hand-edited, so not hand-linted.
  { ignores: ["dist/", "node_modules/", "src/lib/generated/"] },
  js.configs.recommended,
  ...ts.configs.strict,
  ...svelte.configs.recommended,
  { languageOptions: { globals: { ...globals.browser } } },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: {
      parserOptions: { parser: ts.parser, projectService: true, extraFileExtensions: [".svelte"], svelteConfig },
    },
  },
  {
    // Hub data must never become HTML: {@html} is banned outright (see docs/ARCHITECTURE.md).
    rules: { "svelte/no-at-html-tags": "error" },
  },
);

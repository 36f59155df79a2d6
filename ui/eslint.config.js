import js from "@eslint/js";
import ts from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import svelteConfig from "./svelte.config.js";

export default ts.config(
  { ignores: ["dist/", "node_modules/"] },
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

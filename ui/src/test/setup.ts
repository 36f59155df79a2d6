import { afterEach, beforeAll } from "vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { loadEnglish, setLocale } from "../lib/i18n.svelte";
import { app } from "../lib/session.svelte";
import { loadAllPages } from "../lib/pages";

// The pages are chunks loaded on first view (lib/pages.ts). Loaded (and so transformed) once
// before a file's tests, so that a `findBy…` waits for the page's data, not for Vite compiling
// the page, which under load took longer than its timeout. The English table too, so a test's
// `setLocale("en")` takes effect at once, as it does in the app once English has been chosen.
beforeAll(() => Promise.all([loadAllPages(), loadEnglish()]), 60_000);

afterEach(() => {
  clearMocks();
  setLocale("da");
  app.session = null;
  app.loading = true;
  app.online = null;
  app.pending = null;
  app.rejected = null;
  app.progress = null;
  app.revoked = null;
  location.hash = "";
});

// jsdom has no canvas; axe-core probes one for icon ligatures. Answer "no context" quietly.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;

// jsdom has no layout, so no ResizeObserver; Svelte's bind:clientWidth needs one to exist. The
// width it would report stays 0 here (the reader then uses its unmeasured scale).
class NoLayoutResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoLayoutResizeObserver;

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type Plugin } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// pdf.js loads its standard fonts and wasm decoders by URL at run time, so they must be files of
// the app itself (the CSP allows only 'self'). This copies them to dist/pdfjs/… on build and
// serves them from node_modules in the dev server; lib/pdf.ts passes the URLs to getDocument.
const PDFJS_ASSETS = ["standard_fonts", "wasm"];
const pdfjsRoot = join(import.meta.dirname, "node_modules", "pdfjs-dist");

function pdfjsAssets(): Plugin {
  return {
    name: "styrebord-pdfjs-assets",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/pdfjs\/(standard_fonts|wasm)\/([\w.-]+)$/.exec(req.url ?? "");
        if (!m) return next();
        try {
          const body = readFileSync(join(pdfjsRoot, m[1] as string, m[2] as string));
          if (m[2]?.endsWith(".wasm")) res.setHeader("Content-Type", "application/wasm");
          res.end(body);
        } catch {
          next();
        }
      });
    },
    generateBundle() {
      for (const dir of PDFJS_ASSETS) {
        for (const file of readdirSync(join(pdfjsRoot, dir))) {
          this.emitFile({ type: "asset", fileName: `pdfjs/${dir}/${file}`, source: readFileSync(join(pdfjsRoot, dir, file)) });
        }
      }
    },
  };
}

// Files named without a content hash. The bundle is embedded in the app's binary and served from
// it (no browser cache to bust; a new version is a new binary), and a hash in a chunk's name is
// also written into every chunk that imports it: one changed chunk then changed the bytes of its
// importers too, and the release link's constant-data layout (src-tauri/hot-rodata.ld, found
// again by each constant's bytes) lost them all until the next profile (docs/BENCHMARKS.md).
function stableNames(dir: string) {
  return {
    entryFileNames: `${dir}/[name].js`,
    chunkFileNames: `${dir}/[name].js`,
    assetFileNames: `${dir}/[name][extname]`,
  };
}

// The app runs inside WebKitGTK (Tauri on Linux), so target a Safari-class engine.
export default defineConfig({
  plugins: [svelte(), svelteTesting(), pdfjsAssets()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: "safari16",
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: { output: stableNames("assets") },
  },
  // Apart from the page's files: the module that starts a worker has the worker's own name.
  worker: {
    format: "es",
    rollupOptions: { output: stableNames("assets/worker") },
  },
  // ASCII-only JavaScript (\u escapes for everything else, e.g. "–" and "ø"): WebKit keeps a
  // script's source as 8-bit Latin-1 text only if every character fits, and as 16-bit text
  // otherwise, so one "–" in the bundle doubled the memory its source takes in the web process
  // (0.4 MiB for the first view; pdf.js and its worker when a PDF is open). docs/BENCHMARKS.md.
  esbuild: { charset: "ascii" },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test/setup.ts"],
    // axe's full run over a page in jsdom takes 1–2 s idle and went past Vitest's 5 s default at
    // load 6 (DeskPortfolio); a shared CI runner can be that loaded.
    testTimeout: 20_000,
  },
});

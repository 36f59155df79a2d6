// pdf.js, loaded on first use (it is large) with one shared module worker, as tested in
// WebKitGTK (docs: BUILD-NOTES "PDFs → Show"). Fonts and wasm come from the app's own files.
import type { PDFDocumentLoadingTask, PDFDocumentProxy, PDFPageProxy, RenderTask } from "pdfjs-dist";

type PdfJs = typeof import("pdfjs-dist");
let loading: Promise<PdfJs> | null = null;

function pdfjs(): Promise<PdfJs> {
  loading ??= (async () => {
    const lib = await import("pdfjs-dist");
    const { default: PdfWorker } = await import("pdfjs-dist/build/pdf.worker.min.mjs?worker");
    lib.GlobalWorkerOptions.workerPort = new PdfWorker();
    return lib;
  })();
  return loading;
}

export interface OpenPdf {
  doc: PDFDocumentProxy;
  task: PDFDocumentLoadingTask;
}

/** Opens a PDF from its bytes (pdf.js takes ownership of them). */
export async function openPdf(bytes: ArrayBuffer): Promise<OpenPdf> {
  const lib = await pdfjs();
  const base = import.meta.env.BASE_URL;
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl: `${base}pdfjs/standard_fonts/`,
    wasmUrl: `${base}pdfjs/wasm/`,
  });
  return { doc: await task.promise, task };
}

export interface RenderedPage {
  cancel(): void;
  done: Promise<void>;
}

/** pdf.js scale used until the frame has been measured (a frame of width 0). */
const UNMEASURED_SCALE = 1.25;

/**
 * The pdf.js scale that draws a page `pageWidth` points wide at `zoom` times the width of a frame
 * `frameWidth` pixels wide: zoom 1 fits the page to the frame, so nothing is cut off.
 */
export function scaleFor(pageWidth: number, frameWidth: number, zoom: number): number {
  if (frameWidth <= 0 || pageWidth <= 0) return UNMEASURED_SCALE * zoom;
  return (frameWidth / pageWidth) * zoom;
}

/**
 * Draws page `n` (1-based) into `canvas`, `zoom` times the width of a frame `frameWidth` pixels
 * wide, with a selectable text layer.
 */
export async function renderPage(
  doc: PDFDocumentProxy,
  n: number,
  canvas: HTMLCanvasElement,
  textLayer: HTMLElement,
  zoom: number,
  frameWidth: number,
): Promise<RenderedPage> {
  const lib = await pdfjs();
  const page: PDFPageProxy = await doc.getPage(n);
  const scale = scaleFor(page.getViewport({ scale: 1 }).width, frameWidth, zoom);
  const viewport = page.getViewport({ scale });
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  const task: RenderTask = page.render({
    canvas,
    viewport,
    transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
  });
  textLayer.replaceChildren();
  textLayer.style.setProperty("--total-scale-factor", String(scale));
  const text = new lib.TextLayer({ textContentSource: page.streamTextContent(), container: textLayer, viewport });
  return {
    cancel: () => {
      task.cancel();
      text.cancel();
    },
    done: Promise.all([task.promise, text.render()]).then(() => undefined),
  };
}

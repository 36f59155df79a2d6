import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { startMark } from "./lib/startMarks";
import { loadFirstView } from "./lib/session.svelte";
import { restoreLocale } from "./lib/i18n.svelte";

const FIRST_VIEW_WAIT_MS = 300;

startMark("bundle evaluated");

const target = document.getElementById("app");
if (!target) throw new Error("index.html lacks #app");

// The first view is asked before mounting, and waited for a moment: Svelte then renders once, with
// the overview, and the window lays out and paints once, instead of an empty shell first (whose
// layout also delayed the answer). A first view that takes longer (the keyring, the demo being
// built) gets the shell with "loading". (A `.then`, not a top-level await: that would split the
// bundle into chunks.) A member who chose English has its table loaded in the same wait.
const firstView = Promise.all([loadFirstView(), restoreLocale()]);
void Promise.race([firstView, new Promise((wait) => setTimeout(wait, FIRST_VIEW_WAIT_MS))]).then(() => {
  mount(App, { target });
  startMark("mounted");
});

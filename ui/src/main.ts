import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { startMark } from "./lib/startMarks";
import { startFirstView } from "./lib/session.svelte";

startMark("bundle evaluated");
// Asked before mounting, so the Rust side works on it while Svelte builds the shell.
startFirstView();

const target = document.getElementById("app");
if (!target) throw new Error("index.html lacks #app");

export default mount(App, { target });
startMark("shell mounted");

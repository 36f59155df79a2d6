// The desk's pages in one chunk (lib/pages.ts): they share their forms and are opened together.
// Their strings come with them (lib/i18n.svelte.ts), registered before any of them renders.
import { addDeskMessages } from "./i18n.svelte";
import { deskDa, deskEn } from "./messages-desk";

addDeskMessages(deskDa, deskEn);

export { default as DeskNav } from "../components/DeskNav.svelte";
export { default as DeskYearPage } from "../components/DeskYearPage.svelte";
export { default as DeskMeetingPage } from "../components/DeskMeetingPage.svelte";
export { default as DeskPeoplePage } from "../components/DeskPeoplePage.svelte";
export { default as DeskPortfolioPage } from "../components/DeskPortfolioPage.svelte";

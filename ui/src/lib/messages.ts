// UI strings. Danish is the source language; the English table must have exactly the same keys
// (the type below makes a missing translation a compile error).

export const da = {
  "app.name": "Styrebord",
  "app.committee": "Driftsstyregruppen",
  "app.skip": "Gå til indhold",
  "nav.label": "Hovedmenu",
  "nav.overview": "Overblik",
  "nav.meetings": "Møder",
  "nav.minutes": "Referater",
  "nav.written": "Skriftlige sager",
  "nav.portfolio": "Portefølje",
  "nav.roadmap": "Roadmap",
  "nav.search": "Søg",
  "nav.settings": "Indstillinger",
  "page.overview.lead":
    "Her ser du det næste møde med nedtælling, hvad der venter på dig (tilmelding, kommentering af referater, skriftlige sager), kommende frister, hvad der er nyt siden sidst, og om din lokale kopi er synkroniseret.",
  "page.meetings.lead":
    "Her kommer årets mødeplan med de fire ordinære møder og eventuelle ekstraordinære møder, hvert møde med dagsorden, materiale til læsning offline, deltagere fra hver organisation og din tilmelding af stedfortræder eller bisidder.",
  "page.minutes.lead":
    "Her kommer udkast til beslutningsreferater, hvor du kan kommentere hvert punkt, mens kommenteringsrunden er åben, samt godkendte referater og en beslutningslog på tværs af møder.",
  "page.written.lead":
    "Her kommer sager, der behandles skriftligt mellem møderne. Du kan tilslutte dig, kommentere eller gøre indsigelse inden fristen; én indsigelse flytter sagen til næste møde.",
  "page.portfolio.lead":
    "Her kommer den fællesoffentlige systemportefølje: systemejere, kritikalitet, kvartalsvis driftsstatus og afhængigheder mellem systemerne, så du kan se, hvad der påvirkes, hvis et system ændres eller fejler.",
  "page.roadmap.lead":
    "Her kommer roadmappen for drift og vedligehold med planlagte ændringer, releases og servicevinduer pr. system og kvartal – og koordineringskonflikter mellem afhængige systemer.",
  "page.search.lead":
    "Her kommer én søgning på tværs af dagsordener, referater, beslutninger og materialets tekst – også uden netværk.",
  "page.settings.lead":
    "Her vælger du sprog, og senere hub-adresse, konto, lokal lagerplads og log ud.",
  "page.placeholder": "Denne side er under opbygning.",
  "settings.language": "Sprog",
  "settings.language.da": "Dansk",
  "settings.language.en": "English",
  "footer.version": "Version",
} as const;

export type MessageKey = keyof typeof da;

export const en: Record<MessageKey, string> = {
  "app.name": "Styrebord",
  "app.committee": "Operations Steering Committee",
  "app.skip": "Skip to content",
  "nav.label": "Main menu",
  "nav.overview": "Overview",
  "nav.meetings": "Meetings",
  "nav.minutes": "Minutes",
  "nav.written": "Written procedures",
  "nav.portfolio": "Portfolio",
  "nav.roadmap": "Roadmap",
  "nav.search": "Search",
  "nav.settings": "Settings",
  "page.overview.lead":
    "Here you will see the next meeting with a countdown, what awaits you (registration, minutes to comment on, written procedures), upcoming deadlines, what is new since you last looked, and whether your local copy is in sync.",
  "page.meetings.lead":
    "Here will be the year's meeting plan with the four ordinary meetings and any extra meetings, each with its agenda, materials to read offline, attendance per organisation and your registration of a substitute or observer.",
  "page.minutes.lead":
    "Here will be the draft decision minutes, where you can comment on each item while the comment round is open, plus approved minutes and a decision log across meetings.",
  "page.written.lead":
    "Here will be cases handled in writing between meetings. You can agree, comment or object before the deadline; one objection moves the case to the next meeting.",
  "page.portfolio.lead":
    "Here will be the shared system portfolio: system owners, criticality, quarterly operations status and the dependencies between systems, so you can see what is affected if a system changes or fails.",
  "page.roadmap.lead":
    "Here will be the roadmap for operations and maintenance with planned changes, releases and maintenance windows per system and quarter – and coordination conflicts between dependent systems.",
  "page.search.lead":
    "Here will be one search across agendas, minutes, decisions and material text – also without a network.",
  "page.settings.lead": "Here you choose the language, and later the hub address, account, local storage and sign-out.",
  "page.placeholder": "This page is being built.",
  "settings.language": "Language",
  "settings.language.da": "Dansk",
  "settings.language.en": "English",
  "footer.version": "Version",
};

// UI strings of Settings' "Opdateringer" section (updates from the member's own hub), in Danish;
// messages.ts spreads them into the first view's table, and their English is in messages-en.ts
// (same rules as there).

export const updatesDa = {
  "updates.title": "Opdateringer",
  "updates.current": "Du har version {version}.",
  "updates.check": "Søg efter opdateringer",
  "updates.checking": "Søger efter opdateringer på jeres hub …",
  "updates.downloading": "Henter og kontrollerer opdateringen …",
  "updates.downloadingBytes": "Henter og kontrollerer opdateringen … {done} af {total}",
  "updates.upToDate": "Du har den nyeste version.",
  "updates.ready": "Version {version} er klar",
  "updates.published": "Udgivet {date}.",
  "updates.verified": "Den er hentet fra jeres hub, og dens signatur passer til Styrebords nøgle.",
  "updates.notes": "Nyt i versionen",
  "updates.install": "Installér og genstart",
  "updates.installExplain": "Installationen kan kræve administratorrettigheder. Dine data bliver, hvor de er.",
  "updates.installing": "Installerer … Styrebord genstarter bagefter.",
  "updates.manual":
    "Denne udgave af Styrebord kan ikke opdatere sig selv. Gem pakken, og installér den – eller bed jeres IT-afdeling om at gøre det.",
  "updates.save": "Gem pakken",
  "updates.saved": "Pakken er gemt her: {path}",
  "updates.off.noKey":
    "Denne udgave er bygget uden sekretariatets nøgle til opdateringer, så den søger ikke efter opdateringer. Nye versioner får du fra sekretariatet eller jeres IT-afdeling.",
  "updates.off.noHub": "Opdateringer hentes fra jeres hub. Demoen søger ikke efter opdateringer.",
  "updates.testKey": "Udviklerudgave: den stoler på testnøglen, ikke på en rigtig udgivelsesnøgle.",
};

// UI strings of Settings' "Opdateringer" section (updates from the member's own hub), kept in
// their own table so the pages' authors do not edit one file at once; messages.ts spreads them
// into the app's tables (same rules as there).

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

export const updatesEn: Record<keyof typeof updatesDa, string> = {
  "updates.title": "Updates",
  "updates.current": "You have version {version}.",
  "updates.check": "Check for updates",
  "updates.checking": "Checking your hub for updates …",
  "updates.downloading": "Downloading and verifying the update …",
  "updates.downloadingBytes": "Downloading and verifying the update … {done} of {total}",
  "updates.upToDate": "You have the latest version.",
  "updates.ready": "Version {version} is ready",
  "updates.published": "Published {date}.",
  "updates.verified": "It was downloaded from your hub, and its signature matches Styrebord's key.",
  "updates.notes": "What's new",
  "updates.install": "Install and restart",
  "updates.installExplain": "Installing may need administrator rights. Your data stays where it is.",
  "updates.installing": "Installing … Styrebord restarts afterwards.",
  "updates.manual":
    "This build of Styrebord cannot update itself. Save the package and install it – or ask your IT department to do so.",
  "updates.save": "Save the package",
  "updates.saved": "The package was saved here: {path}",
  "updates.off.noKey":
    "This build has no update key from the secretariat, so it does not look for updates. New versions come from the secretariat or your IT department.",
  "updates.off.noHub": "Updates come from your hub. The demo does not look for updates.",
  "updates.testKey": "Developer build: it trusts the test key, not a real release key.",
};

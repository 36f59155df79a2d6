// The current UI language, shared by every component as Svelte 5 state, and `t()` to look up
// a string in it. The choice is remembered on this device only.
import { da, en, type MessageKey } from "./messages";
import type { Locale } from "./dates";

const STORAGE_KEY = "styrebord.locale";
const TABLES: Record<Locale, Record<MessageKey, string>> = { da, en };

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === "en" ? "en" : "da";
}

export const i18n = $state<{ locale: Locale }>({ locale: initialLocale() });

export function setLocale(locale: Locale): void {
  i18n.locale = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  if (typeof document !== "undefined") document.documentElement.lang = locale;
}

export function t(key: MessageKey): string {
  return TABLES[i18n.locale][key];
}

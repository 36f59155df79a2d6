// The one place the UI talks to the Rust side. Components call these functions, never `invoke`
// directly, so the command names and their types live in one file.
import { invoke, isTauri } from "@tauri-apps/api/core";

export interface AppInfo {
  version: string;
}

export async function appInfo(): Promise<AppInfo | null> {
  // Outside the app window (Vitest, a plain browser) there is no backend to ask.
  if (!isTauri()) return null;
  return invoke<AppInfo>("app_info");
}

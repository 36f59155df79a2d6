// UI strings of one desk page, kept in their own table so the pages' authors do not edit one
// file at once; messages.ts spreads them into the app's tables (same rules as there).

export const deskPortfolioDa = {} as const;

export const deskPortfolioEn: Record<keyof typeof deskPortfolioDa, string> = {};

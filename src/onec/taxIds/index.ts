// INN/KPP check digits and format checks.
export * from './taxIds.js';

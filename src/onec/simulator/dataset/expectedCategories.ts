// The categories an accountant would give the generated documents: the ground truth that `npm run bench:sync` and
// the classification tests score Taskcast's automatic classification against. It is kept beside the data
// (Dataset.expectedCategories), never sent over OData: a real 1C base has no such field. The names are those of
// Taskcast's default categories (src/sync/classify/defaultClassification.ts; a test keeps the two in step).

/** Category names by meaning. */
export const CATEGORY = {
  revenue: 'Выручка',
  suppliers: 'Поставщики',
  rent: 'Аренда',
  salary: 'Зарплата',
  taxes: 'Налоги и взносы',
  bankFees: 'Банковские комиссии',
  loans: 'Кредиты и займы',
  transfers: 'Переводы между счетами',
  refunds: 'Возвраты',
  accountable: 'Подотчётные суммы',
  dividends: 'Дивиденды',
  other: 'Прочее',
} as const;

/** A category a generated document is meant to have. */
export type ExpectedCategory = (typeof CATEGORY)[keyof typeof CATEGORY];

// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CategoryTotal } from '@/api/data';
import CategoryChart, { rankCategories } from './CategoryChart';

const data: CategoryTotal[] = [
  { category_id: 1, category_name: 'Поставщики', direction: 'out', sum: 500, count: 1 },
  { category_id: 2, category_name: 'Зарплата', direction: 'out', sum: 300, count: 1 },
  { category_id: 3, category_name: 'Налоги', direction: 'out', sum: 100, count: 1 },
  { category_id: 4, category_name: 'Аренда', direction: 'out', sum: 50, count: 1 },
  { category_id: null, category_name: null, direction: 'out', sum: 25, count: 1 },
  { category_id: 5, category_name: 'Выручка', direction: 'in', sum: 900, count: 1 },
];

describe('CategoryChart', () => {
  it('ranks the largest categories of a direction and sums the rest as «Остальные категории» (not the real «Прочее»)', () => {
    expect(rankCategories(data, 'out', 2).map((b) => [b.name, b.sum])).toEqual([
      ['Поставщики', 500],
      ['Зарплата', 300],
      ['Остальные категории', 175],
    ]);
    expect(rankCategories(data, 'out', 10).at(-1)?.name).toBe('Без категории');
  });

  it('shows expenses and income as labelled lists', () => {
    render(<CategoryChart data={data} top={3} />);
    expect(screen.getByRole('figure', { name: 'Расходы и доходы по категориям' })).toBeTruthy();
    const expenses = screen.getByRole('list', { name: 'Расходы' });
    expect(within(expenses).getAllByRole('listitem')).toHaveLength(4);
    const income = screen.getByRole('list', { name: 'Доходы' });
    expect(within(income).getByText('Выручка')).toBeTruthy();
    expect(within(income).getByText('900,00 ₽')).toBeTruthy();
  });
});

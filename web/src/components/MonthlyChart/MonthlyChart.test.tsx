// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import MonthlyChart, { monthsBetween, niceMax } from './MonthlyChart';

describe('MonthlyChart', () => {
  it('lists every month of the period, across years', () => {
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03-01', '2026-03-31')).toEqual(['2026-03']);
  });

  it('rounds the axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(1_700_000)).toBe(2_000_000);
    expect(niceMax(23_000)).toBe(25_000);
    expect(niceMax(41)).toBe(50);
  });

  it('draws a labelled chart with a bar per direction and month, zero for months without data', () => {
    const { container } = render(
      <MonthlyChart
        from="2026-01-01"
        to="2026-03-31"
        data={[
          { month: '2026-01', sum_in: 1000, sum_out: 400 },
          { month: '2026-03', sum_in: 500, sum_out: 900 },
        ]}
      />,
    );
    expect(screen.getByRole('img', { name: 'Поступления и списания по месяцам' })).toBeTruthy();
    expect(container.querySelectorAll('[data-month]')).toHaveLength(3);
    expect(container.querySelectorAll('.chart__bar--in')).toHaveLength(3);
    const february = container.querySelector('[data-month="2026-02"] .chart__bar--in')!;
    expect(february.getAttribute('height')).toBe('0');
    // The same numbers as a table for screen readers.
    const table = screen.getByRole('table', { name: 'Поступления и списания по месяцам' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(within(table).getByText('1 000,00 ₽')).toBeTruthy();
  });

  it('says there is no data instead of drawing an empty axis', () => {
    render(<MonthlyChart from="2026-01-01" to="2026-02-28" data={[]} />);
    expect(screen.getByText('Нет данных')).toBeTruthy();
  });
});

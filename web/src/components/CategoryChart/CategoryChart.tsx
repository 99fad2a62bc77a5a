/**
 * Expenses and income by category as two ranked lists with proportional bars: the largest categories
 * of each direction, the rest summed as «Остальные категории» (not «Прочие»: the default categories have a real «Прочее»).
 */
import { Tooltip } from 'antd';
import { useId } from 'react';
import type { CategoryTotal, Direction } from '@/api/data';
import { formatMoney } from '@/format';
import { T } from '@/texts';
import './CategoryChartPick.css';

/** Props of {@link CategoryChart}. */
export interface CategoryChartProps {
  data: readonly CategoryTotal[];
  /** Categories shown per direction before the rest is summed. Default 6. */
  top?: number;
  /** A click on a category (its id as text, or 'none'), of that direction: the page filters by it. */
  onSelect?: (category: string, direction: Direction) => void;
}

interface Bar {
  key: string;
  name: string;
  sum: number;
}

/** The largest `top` categories of `direction`, plus «Остальные категории» for the rest. */
export function rankCategories(data: readonly CategoryTotal[], direction: Direction, top: number): Bar[] {
  const rows = data
    .filter((c) => c.direction === direction && c.sum > 0)
    .map((c) => ({ key: String(c.category_id ?? 'none'), name: c.category_name ?? T.transactions.noCategory, sum: c.sum }))
    .sort((a, b) => b.sum - a.sum);
  if (rows.length <= top + 1) return rows;
  const rest = rows.slice(top).reduce((s, r) => s + r.sum, 0);
  return [...rows.slice(0, top), { key: 'other', name: T.transactions.otherCategories, sum: Math.round(rest * 100) / 100 }];
}

interface RankedProps {
  title: string;
  bars: Bar[];
  direction: Direction;
  onSelect?: CategoryChartProps['onSelect'];
}

function Ranked({ title, bars, direction, onSelect }: RankedProps) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.sum));
  return (
    <div className="category-chart__column">
      <h3 id={id} className="category-chart__heading">
        {title}
      </h3>
      {bars.length === 0 ? (
        <p className="muted">{T.common.noData}</p>
      ) : (
        <ul aria-labelledby={id} className="category-chart__list">
          {bars.map((b) => (
            <li key={b.key} className="category-chart__row">
              <Tooltip title={b.name} placement="topLeft" destroyOnHidden>
                {/* A category (not the summed rest) filters the transactions by it. */}
                {onSelect && b.key !== 'other' ? (
                  <button
                    type="button"
                    className="category-chart__name category-chart__pick"
                    aria-label={T.transactions.showCategory(b.name)}
                    onClick={() => onSelect(b.key, direction)}
                  >
                    {b.name}
                  </button>
                ) : (
                  <span className="category-chart__name">{b.name}</span>
                )}
              </Tooltip>
              <span className="category-chart__sum num">{formatMoney(b.sum)}</span>
              <span className="category-chart__track" aria-hidden="true">
                <span className={`category-chart__bar category-chart__bar--${direction}`} style={{ width: `${(b.sum / max) * 100}%` }} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Both directions side by side (stacked on a phone). */
export default function CategoryChart({ data, top = 6, onSelect }: CategoryChartProps) {
  const titleId = useId();
  return (
    <figure className="chart category-chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart__title">
        {T.transactions.chartCategories}
      </figcaption>
      <div className="category-chart__columns">
        <Ranked title={T.transactions.expenses} bars={rankCategories(data, 'out', top)} direction="out" onSelect={onSelect} />
        <Ranked title={T.transactions.income} bars={rankCategories(data, 'in', top)} direction="in" onSelect={onSelect} />
      </div>
    </figure>
  );
}

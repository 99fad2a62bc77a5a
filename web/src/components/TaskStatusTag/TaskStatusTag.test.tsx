// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TaskStatus } from '@/api/tasks';
import TaskStatusTag from './TaskStatusTag';

describe('TaskStatusTag', () => {
  it('names every status in Russian with its own colour', () => {
    const cases: [TaskStatus, string, string][] = [
      ['pending', 'Ожидает', 'default'],
      ['running', 'Выполняется', 'processing'],
      ['completed', 'Завершена', 'success'],
      ['failed', 'Ошибка', 'error'],
      ['cancelled', 'Отменена', 'warning'],
    ];
    for (const [status, text, colour] of cases) {
      const { unmount } = render(<TaskStatusTag status={status} />);
      const tag = screen.getByText(text).closest('.ant-tag')!;
      expect(tag.getAttribute('data-status')).toBe(status);
      expect(tag.className).toContain(`ant-tag-${colour}`);
      unmount();
    }
  });
});

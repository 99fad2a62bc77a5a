/**
 * The messages in Russian: every kind's subject and its key facts (period, the result in words, duration, the
 * link, the error and what to do), plain text and HTML from the same templates, HTML escaping, and the stored
 * content read back.
 */
import { describe, expect, it } from 'vitest';
import {
  ContentError,
  digestContent,
  parseMessageContent,
  renderMessage,
  scheduleMissedContent,
  taskEventContent,
  type MessageContent,
  type SnapshotSource,
} from './index.js';

const NBSP = '\u00a0';
const URL_BASE = 'https://taskcast.example.com';
const options = { publicUrl: `${URL_BASE}/`, timeZone: 'UTC' };

/** A bank sync of 2025 that ran 3 min 5 s and loaded 12 345 records. */
function bankSync(overrides: Partial<SnapshotSource> = {}): SnapshotSource {
  return {
    task_id: '0193a1b2-0000-7000-8000-000000000001',
    task_type: 'sync_bank_transactions',
    status: 'completed',
    payload: { date_from: '2025-01-01', date_to: '2025-12-31', auto_classify: true },
    result: {
      loaded: 12345,
      created: 1000,
      updated: 5,
      skipped: 11338,
      deleted: 2,
      classified: 900,
      unclassified: 105,
      duration_ms: 184000,
    },
    error: null,
    created_at: '2026-12-06T09:59:58.000Z',
    started_at: '2026-12-06T10:00:00.000Z',
    completed_at: '2026-12-06T10:03:05.000Z',
    processed: 12345,
    total: 12345,
    message: null,
    attempt: 1,
    max_attempts: 3,
    ...overrides,
  };
}

/** The HTML's attribute escapes undone (Handlebars writes `=` as `&#x3D;`), to look for a URL in it. */
function unescapeAttr(html: string): string {
  return html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
}

describe('renderMessage', () => {
  it('completed bank sync: subject, period, the result in words, duration, link', () => {
    const m = renderMessage(taskEventContent('completed', bankSync()), options);
    expect(m.subject).toBe('Синхронизация банковских операций завершена');
    for (const body of [m.text, m.html]) {
      expect(body).toContain('01.01.2025–31.12.2025');
      expect(body).toContain(`загружено из 1С 12${NBSP}345 записей`);
      expect(body).toContain(`создано 1${NBSP}000, обновлено 5, удалено 2, классифицировано 900`);
      expect(body).toContain('3 минуты 5 секунд');
      expect(body).toContain('06.12.2026 в 10:03');
    }
    const link = `${URL_BASE}/tasks/0193a1b2-0000-7000-8000-000000000001`;
    expect(m.text).toContain(`Задача: ${link}`);
    expect(unescapeAttr(m.html)).toContain(`<a href="${link}"`);
    expect(m.html).toMatch(/^<!doctype html>/);
    expect(m.summary).toContain(`Итог: загружено из 1С 12${NBSP}345 записей`);
    expect(m.text).not.toContain('Ошибка');
  });

  it('no public URL: no link at all', () => {
    const m = renderMessage(taskEventContent('completed', bankSync()), { publicUrl: '', timeZone: 'UTC' });
    expect(m.text).not.toContain('http');
    expect(m.html).not.toContain('<a ');
  });

  it('failed: the error quoted, attempts, what to do; HTML escapes a <script> in the error', () => {
    const error = 'Не удалось получить данные из 1С: <script>alert("x")</script> & ещё';
    const m = renderMessage(
      taskEventContent('failed', bankSync({ status: 'failed', result: null, error, attempt: 3, processed: 150, total: 1000 })),
      options,
    );
    expect(m.subject).toBe('Синхронизация банковских операций завершилась ошибкой');
    expect(m.text).toContain(`Ошибка: ${error}`);
    expect(m.text).toContain('Попыток: 3 из 3.');
    expect(m.text).toContain(`Обработано 150 из 1${NBSP}000.`);
    expect(m.text).toContain('Что делать: устраните причину и запустите синхронизацию снова на странице «Банковские операции»');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ещё');
    expect(m.html).toContain('Что делать:');
    expect(m.summary).toBe(`Ошибка: ${error}`);
  });

  it('failed without an error text, one attempt allowed: says so, no attempts line', () => {
    const m = renderMessage(
      taskEventContent('failed', bankSync({ status: 'failed', error: null, max_attempts: 1, result: null })),
      options,
    );
    expect(m.text).toContain('Ошибка: причина не указана.');
    expect(m.text).not.toContain('Попыток');
  });

  it('a long error is cut with «…»', () => {
    const m = renderMessage(taskEventContent('failed', bankSync({ status: 'failed', error: 'x'.repeat(5000) })), options);
    expect(m.text).toContain(`${'x'.repeat(999)}…`);
    expect(m.text).not.toContain('x'.repeat(1000));
  });

  it('cancelled contractors sync: subject and how far it got', () => {
    const m = renderMessage(
      taskEventContent(
        'cancelled',
        bankSync({ task_type: 'sync_contractors', status: 'cancelled', payload: {}, result: null, processed: 40, total: 200 }),
      ),
      options,
    );
    expect(m.subject).toBe('Синхронизация контрагентов отменена');
    expect(m.text).toContain('Обработано 40 из 200.');
    expect(m.text).toContain('Отменена: 06.12.2026 в 10:03.');
    expect(m.text).not.toContain('Период');
    expect(m.summary).toBe('Отменена 06.12.2026 в 10:03. Обработано 40 из 200.');
  });

  it('stuck: subject with the minutes, since when it runs, its last message, advice', () => {
    const m = renderMessage(
      taskEventContent(
        'stuck',
        bankSync({ status: 'running', completed_at: null, result: null, processed: 3000, total: null, message: 'Загрузка из 1С' }),
        15,
      ),
      options,
    );
    expect(m.subject).toBe('Синхронизация банковских операций не продвигается 15 мин');
    expect(m.text).toContain('Задача выполняется с 06.12.2026 в 10:00, но её ход не менялся 15 минут.');
    expect(m.text).toContain(`Обработано 3${NBSP}000. Последнее сообщение: «Загрузка из 1С».`);
    expect(m.text).toContain('проверьте, отвечает ли 1С');
    expect(m.text).not.toContain('Длительность');
  });

  it('a task type without a Russian name: «Задача «type»», its result as JSON', () => {
    const m = renderMessage(
      taskEventContent('completed', bankSync({ task_type: 'cleanup_files', payload: null, result: { removed: 7 } })),
      options,
    );
    expect(m.subject).toBe('Задача «cleanup_files» завершена');
    expect(m.text).toContain('Результат: {"removed":7}');
    expect(m.html).toContain('Результат: <code>{&quot;removed&quot;:7}</code>');
  });

  it('a task with almost nothing known renders (strict templates, null fields)', () => {
    const bare = bankSync({
      task_type: 'x',
      payload: null,
      result: null,
      started_at: null,
      completed_at: null,
      processed: 0,
      total: null,
      max_attempts: 1,
    });
    for (const kind of ['completed', 'failed', 'cancelled', 'stuck'] as const) {
      const m = renderMessage(taskEventContent(kind, bare, kind === 'stuck' ? 1 : null), { publicUrl: '' });
      expect(m.subject).toMatch(/^Задача «x» /);
      expect(m.text).not.toMatch(/undefined|null|NaN/);
    }
  });

  it('schedule_missed: the schedule by name and the count in the right form; its name escaped in HTML', () => {
    const m = renderMessage(scheduleMissedContent({ id: 's1', name: 'Ночная <выгрузка>', skipped: 3 }), options);
    expect(m.subject).toBe('Расписание «Ночная <выгрузка>»: пропущено 3 запуска');
    expect(m.text).toContain('3 запуска по расписанию «Ночная <выгрузка>» не создали задачу');
    expect(m.text).toContain(`Расписания: ${URL_BASE}/schedules`);
    expect(m.html).toContain('Ночная &lt;выгрузка&gt;');
    expect(m.html).not.toContain('<выгрузка>');
    expect(renderMessage(scheduleMissedContent({ id: 's1', name: 'Ч', skipped: 1 }), options).subject).toBe(
      'Расписание «Ч»: пропущен 1 запуск',
    );
    expect(renderMessage(scheduleMissedContent({ id: 's1', name: 'Ч', skipped: 5 }), options).subject).toBe(
      'Расписание «Ч»: пропущено 5 запусков',
    );
  });

  it('digest: the count and window in the subject, counts by type, the first errors quoted, how many more', () => {
    const content = digestContent('Ошибки синхронизаций', 'failed', {
      total: 37,
      by_type: { sync_contractors: 7, sync_bank_transactions: 30 },
      items: [
        { task_id: 't1', task_type: 'sync_bank_transactions', error: '1С не ответила за 30 секунд' },
        { task_id: 't2', task_type: 'sync_contractors', error: '<b>Нет прав</b>' },
      ],
      window_start: '2026-12-06T10:00:00.000Z',
      window_end: '2026-12-06T10:01:00.000Z',
    });
    const m = renderMessage(content, options);
    expect(m.subject).toBe('Сводка: 37 ошибок задач за 10:00–10:01');
    expect(m.text).toContain('Правило «Ошибки синхронизаций»: 37 ошибок задач за 10:00–10:01 (06.12.2026).');
    expect(m.text).toContain('- Синхронизация банковских операций: 30\n- Синхронизация контрагентов: 7');
    expect(m.text).toContain('- Синхронизация банковских операций: «1С не ответила за 30 секунд»');
    expect(m.text).toContain(`  ${URL_BASE}/tasks/t1`);
    expect(m.text).toContain('…и ещё 35.');
    expect(m.html).toContain('&lt;b&gt;Нет прав&lt;/b&gt;');
    expect(m.summary).toBe('Синхронизация банковских операций: 30; Синхронизация контрагентов: 7.');
  });

  it('digest: one of a kind, other events, a window over midnight', () => {
    const m = renderMessage(
      digestContent('Готово', 'completed', {
        total: 1,
        by_type: { cleanup: 1 },
        items: [{ task_id: 't', task_type: 'cleanup', error: null }],
        window_start: '2026-12-05T23:55:00.000Z',
        window_end: '2026-12-06T00:05:00.000Z',
      }),
      options,
    );
    expect(m.subject).toBe('Сводка: 1 завершённая задача за 05.12.2026 23:55–06.12.2026 00:05');
    expect(m.text).not.toContain('и ещё');
    expect(m.text).toContain('Первые задачи:');
  });

  it('times in the zone asked for', () => {
    const m = renderMessage(taskEventContent('completed', bankSync()), { publicUrl: '', timeZone: 'Europe/Moscow' });
    expect(m.text).toContain('Завершена: 06.12.2026 в 13:03.');
  });
});

describe('parseMessageContent', () => {
  it('reads back what was stored as JSON, for every kind', () => {
    const contents: MessageContent[] = [
      taskEventContent('completed', bankSync()),
      taskEventContent('stuck', bankSync(), 10),
      scheduleMissedContent({ id: 's', name: 'n', skipped: 2 }),
      digestContent('r', 'failed', { total: 0, by_type: {}, items: [], window_start: 'a', window_end: 'b' }),
    ];
    for (const c of contents) expect(parseMessageContent(JSON.parse(JSON.stringify(c)))).toEqual(c);
  });

  it('refuses what is not a message, naming the field', () => {
    expect(() => parseMessageContent({ kind: 'nope' })).toThrow(ContentError);
    expect(() => parseMessageContent({ ...taskEventContent('completed', bankSync()), task: { task_id: 1 } })).toThrow(/^task\.task_id: /);
    expect(() => parseMessageContent({ kind: 'failed', task: null, schedule: null, stuck_minutes: null })).toThrow(/^task: /);
    expect(() => parseMessageContent(null)).toThrow(ContentError);
  });
});

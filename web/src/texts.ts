/**
 * Every text of the interface, in Russian, in one place. Components never hold literal strings; plural
 * forms and messages with numbers are functions here.
 */
import type { AttemptOutcome, TaskStatus } from './api/tasks';

/** The Russian plural form of `n`: one (1, 21), few (2–4, 22–24) or many (0, 5–20, 25…). */
export function plural(n: number, one: string, few: string, many: string): string {
  const mod10 = Math.abs(n) % 10;
  const mod100 = Math.abs(n) % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

/** Names of the task statuses (lower case, as in the middle of a sentence). */
export const STATUS_TEXT: Record<TaskStatus, string> = {
  pending: 'ожидает',
  running: 'выполняется',
  completed: 'завершена',
  failed: 'ошибка',
  cancelled: 'отменена',
};

/** How an attempt of a task ended (lower case, as in the middle of a sentence). */
export const OUTCOME_TEXT: Record<AttemptOutcome, string> = {
  running: 'выполняется',
  completed: 'завершена',
  failed: 'ошибка',
  cancelled: 'отменена',
  lost: 'прервана: процесс перестал отвечать',
  interrupted: 'прервана остановкой сервера',
};

/** Human names of the known task types. */
export const TASK_TYPE_TEXT: Record<string, string> = {
  sync_bank_transactions: 'Синхронизация банковских операций',
  sync_contractors: 'Синхронизация контрагентов',
};

/** Labels of a sync result's counters, in the order they are shown. */
export const RESULT_LABELS = {
  loaded: 'Загружено',
  created: 'Создано',
  updated: 'Обновлено',
  skipped: 'Пропущено',
  deleted: 'Удалено',
  classified: 'Классифицировано',
  unclassified: 'Без категории',
  duration_ms: 'Время',
} as const;

/** Units and short month names used by the formats in format.ts. */
export const UNITS = {
  ms: 'мс',
  s: 'с',
  min: 'мин',
  h: 'ч',
  days: ['день', 'дня', 'дней'] as [string, string, string],
  currency: '₽',
  months: ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'],
} as const;

/** Every other text, grouped by where it appears. */
export const T = {
  appName: 'Taskcast',
  appTagline: 'Фоновые задачи и синхронизация с 1С',
  nav: {
    transactions: 'Банковские операции',
    contractors: 'Контрагенты',
    tasks: 'Задачи',
    logout: 'Выйти',
    menu: 'Меню',
  },
  roles: { admin: 'администратор', manager: 'менеджер', user: 'пользователь' } as Record<string, string>,
  common: {
    close: 'Закрыть',
    cancel: 'Отмена',
    retry: 'Повторить',
    all: 'Все',
    loading: 'Загрузка…',
    noData: 'Нет данных',
    dash: '—',
    networkError: 'Сервер недоступен. Проверьте соединение.',
    error: 'Ошибка',
    refresh: 'Обновить',
  },
  login: {
    title: 'Вход',
    username: 'Имя пользователя',
    password: 'Пароль',
    submit: 'Войти',
    usernameRequired: 'Введите имя пользователя',
    passwordRequired: 'Введите пароль',
    badCredentials: 'Неверное имя пользователя или пароль',
    sessionExpired: 'Сеанс истёк — войдите снова',
    /** Too many failed log-ins (429): the wait the server gave, in seconds — «… через 4 мин», under a minute «… через 45 с». */
    throttled: (seconds: number) =>
      `Слишком много попыток. Повторите через ${seconds < 60 ? `${seconds} с` : `${Math.ceil(seconds / 60)} мин`}`,
    hint: 'Пароль администратора печатается при первом запуске сервера и хранится в каталоге данных.',
  },
  progress: {
    defaultTitle: 'Ход задачи',
    label: 'Ход выполнения',
    processedLabel: 'Обработано',
    processed: (processed: number, total: number | null) =>
      total === null ? processed.toLocaleString('ru-RU') : `${processed.toLocaleString('ru-RU')} из ${total.toLocaleString('ru-RU')}`,
    speed: 'Скорость',
    perSecond: 'зап./с',
    timeLeft: 'Осталось',
    elapsed: 'Прошло',
    status: 'Статус',
    cancel: 'Отменить',
    cancelTask: 'Отменить задачу',
    cancelConfirmTitle: 'Отменить задачу?',
    cancelConfirmText: 'Уже загруженные записи сохранятся.',
    cancelConfirmOk: 'Да, отменить',
    cancelConfirmKeep: 'Продолжить',
    cancelling: 'Отмена…',
    cancellingNote: 'Отмена запрошена — задача остановится после текущей порции данных.',
    cancelledNote: 'Задача отменена. Уже загруженные записи сохранены.',
    cancelFailed: 'Не удалось отменить задачу',
    failedTitle: 'Задача завершилась с ошибкой',
    completedTitle: 'Готово',
    resultTitle: 'Результат',
    waiting: 'Ожидает запуска…',
    connecting: 'Подключение…',
    online: '● онлайн',
    pollingShort: (seconds: number) => `↻ каждые ${seconds} с`,
    polling: (seconds: number) => `Живое соединение недоступно: обновление раз в ${seconds} с`,
    notFound: 'Задача не найдена — возможно, её удалили при очистке.',
    attempt: (attempt: number, max: number) => `Попытка ${attempt} из ${max}`,
  },
  retry: {
    retry: 'Повторить',
    retryTask: 'Повторить задачу',
    failed: 'Не удалось повторить задачу',
    done: 'Задача снова в очереди',
    /** A pending task waiting for its next attempt: `until` as formatTimeUntil gives it. */
    waiting: (until: string, attempt: number, max: number) => `Повтор через ${until} — попытка ${attempt} из ${max}`,
    /** Its time has come: it starts as soon as a worker is free. */
    due: (attempt: number, max: number) => `Повтор сейчас — попытка ${attempt} из ${max}`,
    /** A task enqueued to start later. */
    delayed: (until: string) => `Запуск через ${until}`,
    lastError: (attempt: number) => `Попытка ${attempt} завершилась с ошибкой`,
    attempts: 'Попытки',
    attempt: 'Попытка',
    started: 'Начало',
    finished: 'Конец',
    outcome: 'Итог',
    error: 'Ошибка',
    bulk: 'Повторить все неудачные',
    bulkTitle: 'Повторить все неудачные задачи?',
    bulkText: (typeName: string | null) =>
      typeName
        ? `Все задачи типа «${typeName}», завершившиеся с ошибкой, снова встанут в очередь.`
        : 'Все задачи, завершившиеся с ошибкой, снова встанут в очередь.',
    bulkOk: 'Повторить все',
    bulkDone: (n: number, spreadSeconds: number) =>
      n === 0
        ? 'Неудачных задач нет'
        : `В очередь возвращено ${n} ${plural(n, 'задача', 'задачи', 'задач')}` +
          (spreadSeconds >= 1 ? `; запуск растянут на ${Math.ceil(spreadSeconds)} с` : ''),
  },
  sync: {
    title: 'Синхронизация с 1С',
    tabTransactions: 'Транзакции',
    tabContractors: 'Контрагенты',
    period: 'Период',
    autoClassify: 'Автоматическая классификация',
    autoClassifyHelp: 'Новым и изменённым операциям назначается категория по правилам.',
    start: 'Запустить синхронизацию',
    transactionsIntro: 'Загрузит поступления и списания по расчётному счёту за выбранный период.',
    contractorsIntro: 'Загрузит справочник контрагентов и физических лиц из 1С.',
    bankTaskTitle: 'Синхронизация транзакций',
    contractorsTaskTitle: 'Синхронизация контрагентов',
    attached: 'Такая синхронизация уже выполняется — показан её ход.',
    forbidden: 'Запускать синхронизацию могут только администраторы и менеджеры.',
    forbiddenShort: 'Недоступно для вашей роли',
    periodRequired: 'Выберите период',
    newSync: 'Новая синхронизация',
    simulator: 'Демо-данные: встроенный симулятор 1С',
    startFailed: 'Не удалось запустить синхронизацию',
    done: 'Синхронизация завершена',
    priority: 'Приоритет',
    priorityLow: 'Низкий',
    priorityNormal: 'Обычный',
    priorityHigh: 'Высокий',
    priorityHelp: 'Из задач, ждущих в очереди, первой запускается та, у которой приоритет выше.',
    /** The run's heading note for a priority other than the default: «высокий приоритет». */
    priorityNote: (label: string) => `${label.toLowerCase()} приоритет`,
    /** The same for a priority the dialog does not offer (set through the API): «приоритет 3». */
    priorityValue: (priority: number) => `приоритет ${priority}`,
    when: 'Когда запустить',
    whenNow: 'Сейчас',
    whenLater: 'Позже',
    runAt: 'Дата и время запуска',
    runAtPlaceholder: 'Выберите дату и время',
    runAtRequired: 'Выберите дату и время запуска',
    runAtPast: 'Это время уже прошло — выберите более позднее',
    runAtTooFar: 'Отложить запуск можно не больше чем на год',
    runAtInHour: 'Через час',
    runAtTonight: 'Сегодня в 22:00',
    runAtTomorrow: 'Завтра в 07:00',
    schedule: 'Запланировать синхронизацию',
    /** A delayed sync started from the dialog: `when` as «06.12.2026, 22:00». */
    scheduled: (when: string) => `Синхронизация запланирована на ${when}`,
    scheduledHelp: 'Она запустится сама, даже если закрыть это окно; ход и отмена — здесь или на странице «Задачи».',
    attachedScheduled: 'Такая синхронизация уже запланирована — показан её ход.',
  },
  presets: {
    thisMonth: 'Этот месяц',
    lastMonth: 'Прошлый месяц',
    thisQuarter: 'Этот квартал',
    thisYear: 'Этот год',
    lastYear: 'Прошлый год',
  },
  tasks: {
    title: 'Задачи',
    type: 'Тип',
    status: 'Статус',
    progress: 'Прогресс',
    message: 'Сообщение',
    created: 'Создана',
    duration: 'Длительность',
    actions: 'Действия',
    allTypes: 'Все типы',
    allStatuses: 'Все статусы',
    filterType: 'Фильтр по типу',
    filterStatus: 'Фильтр по статусу',
    cleanup: 'Очистить старые',
    cleanupTitle: 'Удалить завершённые задачи',
    cleanupOlderThan: 'Старше, часов',
    cleanupOk: 'Удалить',
    cleanupDone: (n: number) => `Удалено ${n} ${plural(n, 'задача', 'задачи', 'задач')}`,
    live: 'Обновляется в реальном времени',
    offline: 'Нет живого соединения — обновите список',
    empty: 'Задач пока нет. Запустите синхронизацию на странице операций.',
    open: 'Открыть ход задачи',
    cancelled: 'Отмена запрошена',
    total: (n: number) => `Всего ${n}`,
  },
  transactions: {
    title: 'Банковские операции',
    sync: 'Синхронизировать',
    period: 'Период',
    direction: 'Направление',
    directionAll: 'Все',
    directionIn: 'Поступления',
    directionOut: 'Списания',
    category: 'Категория',
    allCategories: 'Все категории',
    noCategory: 'Без категории',
    otherCategories: 'Прочие',
    search: 'Поиск по назначению, номеру, контрагенту',
    searchLabel: 'Поиск',
    date: 'Дата',
    number: 'Номер',
    counterparty: 'Контрагент',
    purpose: 'Назначение платежа',
    amount: 'Сумма',
    sumIn: 'Поступления',
    sumOut: 'Списания',
    balance: 'Сальдо',
    count: 'Операций',
    chartMonths: 'Поступления и списания по месяцам',
    chartCategories: 'Расходы и доходы по категориям',
    chartPartial: 'График построен по первым 2 000 операциям периода.',
    expenses: 'Расходы',
    income: 'Доходы',
    empty: 'Операций за период нет. Нажмите «Синхронизировать», чтобы загрузить их из 1С.',
    categorySaved: 'Категория сохранена',
    categoryFailed: 'Не удалось сохранить категорию',
    categoryManual: 'Назначена вручную',
    categoryRule: 'Назначена по правилу',
    categoryOf: (number: string) => `Категория операции ${number}`,
    notPosted: 'не проведён',
  },
  contractors: {
    title: 'Контрагенты',
    search: 'Поиск по наименованию или ИНН',
    searchLabel: 'Поиск',
    name: 'Наименование',
    inn: 'ИНН',
    kpp: 'КПП',
    kind: 'Вид',
    legal: 'Юр. лицо',
    individual: 'Физ. лицо',
    deleted: 'Помечен на удаление',
    synced: 'Обновлён',
    sync: 'Синхронизировать',
    empty: 'Контрагентов пока нет. Запустите синхронизацию справочника.',
  },
  notFound: {
    title: 'Страница не найдена',
    back: 'На главную',
  },
} as const;

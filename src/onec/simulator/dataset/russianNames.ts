// Word lists for plausible Russian company and person names.

/** First parts of company names. */
// prettier-ignore
export const COMPANY_ROOTS: readonly string[] = [
  'Альфа', 'Вектор', 'Гранит', 'Дельта', 'Европа', 'Звезда', 'Импульс', 'Кристалл', 'Лидер', 'Магистраль',
  'Меридиан', 'Монолит', 'Нева', 'Орион', 'Прогресс', 'Ресурс', 'Сигма', 'Спектр', 'Стандарт', 'Север',
  'Техно', 'Феникс', 'Эталон', 'Янтарь', 'Восток', 'Атлант', 'Волга', 'Байкал', 'Урал', 'Сибирь',
  'Горизонт', 'Континент', 'Рубин', 'Сапфир', 'Вертикаль', 'Интеграл', 'Полюс', 'Азимут', 'Кедр', 'Омега',
];

/** Second parts of company names; a leading space or hyphen is kept as written. */
// prettier-ignore
export const COMPANY_SUFFIXES: readonly string[] = [
  'Торг', 'Сервис', 'Снаб', 'Строй', 'Пром', 'Логистик', 'Инвест', 'Трейд', 'Маркет', 'Комплект',
  'Энерго', 'Консалт', ' Групп', ' Плюс', '-М', 'Авто', 'Проект', 'Тех', 'Агро', 'Мед', '-Юг', ' Холдинг',
];

/** Male surnames; female forms are derived by {@link femaleSurname}. */
// prettier-ignore
export const MALE_SURNAMES: readonly string[] = [
  'Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров',
  'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев',
  'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев',
  'Романов', 'Воробьёв', 'Сергеев', 'Кузьмин', 'Фролов', 'Александров', 'Дмитриев', 'Королёв', 'Гусев', 'Киселёв',
  'Ильин', 'Максимов', 'Поляков', 'Сорокин', 'Виноградов', 'Ковалёв', 'Белов', 'Медведев', 'Антонов', 'Тарасов',
  'Жуков', 'Баранов', 'Филиппов', 'Комаров', 'Давыдов', 'Беляев', 'Герасимов', 'Богданов', 'Осипов', 'Сидоров',
  'Матвеев', 'Титов', 'Марков', 'Миронов', 'Крылов', 'Куликов', 'Карпов', 'Власов', 'Мельников', 'Денисов',
  'Гаврилов', 'Тихонов', 'Казаков', 'Афанасьев', 'Данилов', 'Савельев', 'Тимофеев', 'Фомин', 'Чернов', 'Абрамов',
  'Мартынов', 'Ефимов', 'Федотов', 'Щербаков', 'Назаров', 'Калинин', 'Исаев', 'Чернышёв', 'Быков', 'Маслов',
  'Родионов', 'Коновалов', 'Лазарев', 'Воронин', 'Климов', 'Филатов', 'Пономарёв', 'Голубев', 'Кудрявцев', 'Прохоров',
  'Наумов', 'Потапов', 'Журавлёв', 'Овчинников', 'Трофимов', 'Леонов', 'Соболев', 'Ермаков', 'Колесников', 'Гончаров',
  'Емельянов', 'Никифоров', 'Грачёв', 'Котов', 'Гришин', 'Ефремов', 'Архипов', 'Громов', 'Кириллов', 'Малышев',
  'Панов', 'Моисеев', 'Румянцев', 'Акимов', 'Кондратьев', 'Бирюков', 'Горбунов', 'Анисимов', 'Ерёмин', 'Тихомиров',
  'Галкин', 'Лукьянов', 'Михеев', 'Скворцов', 'Юдин', 'Белоусов', 'Нестеров', 'Симонов', 'Прокофьев', 'Харитонов',
  'Князев', 'Цветков', 'Левин', 'Митрофанов', 'Воронов', 'Аксёнов', 'Софронов', 'Мальцев', 'Логинов', 'Горшков',
  'Савин', 'Краснов', 'Майоров', 'Демидов', 'Елисеев', 'Рыбаков', 'Сафонов', 'Плотников', 'Дёмин', 'Хохлов',
  'Жданов', 'Блинов', 'Островский', 'Вишневский', 'Черных', 'Белых', 'Шевченко', 'Бондаренко', 'Коваленко', 'Кравченко',
];

/** Male given names with the male and female patronymics derived from them. */
export const GIVEN_NAMES: readonly { male: string; patronymicMale: string; patronymicFemale: string }[] = [
  { male: 'Александр', patronymicMale: 'Александрович', patronymicFemale: 'Александровна' },
  { male: 'Алексей', patronymicMale: 'Алексеевич', patronymicFemale: 'Алексеевна' },
  { male: 'Андрей', patronymicMale: 'Андреевич', patronymicFemale: 'Андреевна' },
  { male: 'Сергей', patronymicMale: 'Сергеевич', patronymicFemale: 'Сергеевна' },
  { male: 'Дмитрий', patronymicMale: 'Дмитриевич', patronymicFemale: 'Дмитриевна' },
  { male: 'Михаил', patronymicMale: 'Михайлович', patronymicFemale: 'Михайловна' },
  { male: 'Владимир', patronymicMale: 'Владимирович', patronymicFemale: 'Владимировна' },
  { male: 'Николай', patronymicMale: 'Николаевич', patronymicFemale: 'Николаевна' },
  { male: 'Иван', patronymicMale: 'Иванович', patronymicFemale: 'Ивановна' },
  { male: 'Павел', patronymicMale: 'Павлович', patronymicFemale: 'Павловна' },
  { male: 'Евгений', patronymicMale: 'Евгеньевич', patronymicFemale: 'Евгеньевна' },
  { male: 'Виктор', patronymicMale: 'Викторович', patronymicFemale: 'Викторовна' },
  { male: 'Олег', patronymicMale: 'Олегович', patronymicFemale: 'Олеговна' },
  { male: 'Юрий', patronymicMale: 'Юрьевич', patronymicFemale: 'Юрьевна' },
  { male: 'Игорь', patronymicMale: 'Игоревич', patronymicFemale: 'Игоревна' },
  { male: 'Пётр', patronymicMale: 'Петрович', patronymicFemale: 'Петровна' },
  { male: 'Анатолий', patronymicMale: 'Анатольевич', patronymicFemale: 'Анатольевна' },
  { male: 'Максим', patronymicMale: 'Максимович', patronymicFemale: 'Максимовна' },
  { male: 'Артём', patronymicMale: 'Артёмович', patronymicFemale: 'Артёмовна' },
  { male: 'Роман', patronymicMale: 'Романович', patronymicFemale: 'Романовна' },
  { male: 'Илья', patronymicMale: 'Ильич', patronymicFemale: 'Ильинична' },
  { male: 'Константин', patronymicMale: 'Константинович', patronymicFemale: 'Константиновна' },
  { male: 'Василий', patronymicMale: 'Васильевич', patronymicFemale: 'Васильевна' },
  { male: 'Григорий', patronymicMale: 'Григорьевич', patronymicFemale: 'Григорьевна' },
];

/** Female given names. */
// prettier-ignore
export const FEMALE_NAMES: readonly string[] = [
  'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Светлана', 'Анна', 'Мария', 'Екатерина', 'Юлия',
  'Марина', 'Галина', 'Людмила', 'Анастасия', 'Оксана', 'Валентина', 'Надежда', 'Любовь', 'Дарья', 'Виктория',
];

/** The female form of a male surname: Иванов → Иванова, Островский → Островская, Черных stays. */
export function femaleSurname(male: string): string {
  if (male.endsWith('ский') || male.endsWith('цкий')) return `${male.slice(0, -2)}ая`;
  if (/(ов|ев|ёв|ин|ын)$/.test(male)) return `${male}а`;
  return male;
}

/** A person's full name parts. */
export interface PersonName {
  surname: string;
  given: string;
  patronymic: string;
}

/** "Иванов Сергей Петрович". */
export function fullPersonName(name: PersonName): string {
  return `${name.surname} ${name.given} ${name.patronymic}`;
}

/** "Иванов С.П." — surname and initials. */
export function shortPersonName(name: PersonName): string {
  return `${name.surname} ${name.given.charAt(0)}.${name.patronymic.charAt(0)}.`;
}

-- Default classification for more BP 3.0 operation kinds, rent paid as ОплатаПоставщику, and two keyword fixes
-- (see docs/classification.md). A new installation has no category yet and gets all of it from the start-up seed
-- (src/sync/classify/defaultClassification.ts); this brings an installation seeded earlier to the same rules.
-- Only categories that still carry their default names get rules, only rules still as seeded are changed, and
-- nothing happens where the default «Прочее» is gone (the user has a classification of their own).

INSERT INTO categories (name, direction)
SELECT 'Подотчётные суммы', 'any'
WHERE EXISTS (SELECT 1 FROM categories WHERE name = 'Прочее')
  AND NOT EXISTS (SELECT 1 FROM categories WHERE name = 'Подотчётные суммы');

INSERT INTO categories (name, direction)
SELECT 'Дивиденды', 'out'
WHERE EXISTS (SELECT 1 FROM categories WHERE name = 'Прочее')
  AND NOT EXISTS (SELECT 1 FROM categories WHERE name = 'Дивиденды');

-- Rules by category name; a category absent under that name gets none.
WITH new_rules (category, priority, direction, operation_kinds, keywords) AS (VALUES
  ('Аренда', 10, 'out', '["ОплатаПоставщику","ПрочееСписание"]', '["аренда","арендная плата","субаренда"]'),
  ('Выручка', 10, 'in', '["ОплатаОтФакторинговойКомпании"]', NULL),
  ('Зарплата', 10, 'out', '["ПеречислениеЗаработнойПлатыРаботнику","ПеречислениеДепонентов"]', NULL),
  ('Налоги и взносы', 10, 'out', '["ПеречислениеНалогаЗаТретьихЛиц"]', NULL),
  ('Кредиты и займы', 10, NULL, '["ВыдачаЗаймаКонтрагенту","ВыдачаЗаймаРаботнику","ВозвратЗаймаРаботником"]', NULL),
  ('Переводы между счетами', 10, NULL, '["СнятиеНаличных","ВзносНаличными"]', NULL),
  ('Подотчётные суммы', 10, NULL, '["ПеречислениеПодотчетномуЛицу","ВозвратОтПодотчетногоЛица"]', NULL),
  ('Подотчётные суммы', 50, NULL, NULL, '["подотчет","под отчет"]'),
  ('Дивиденды', 10, 'out', '["ПеречислениеДивидендов"]', NULL),
  ('Дивиденды', 50, 'out', NULL, '["дивиденды"]'),
  ('Прочее', 70, NULL, NULL, '["штраф","обеспечительный платеж","проценты на остаток"]')
)
INSERT INTO classification_rules (category_id, priority, direction, operation_kinds, keywords, counterparty_ref)
SELECT c.id, r.priority, r.direction, r.operation_kinds, r.keywords, NULL
FROM new_rules r JOIN categories c ON c.name = r.category
WHERE EXISTS (SELECT 1 FROM categories WHERE name = 'Прочее');

-- «ндс» matched «НДС не облагается» in nearly every payment order; «заем» stems to «за».
UPDATE classification_rules SET keywords = '["налог","ндфл","страховые взносы","взносы","пени"]'
WHERE EXISTS (SELECT 1 FROM categories WHERE name = 'Прочее')
  AND keywords = '["налог","ндфл","ндс","страховые взносы","взносы","пени"]';
UPDATE classification_rules SET keywords = '["займ","кредит","кредитный договор","проценты по договору"]'
WHERE EXISTS (SELECT 1 FROM categories WHERE name = 'Прочее')
  AND keywords = '["займ","заем","кредит","проценты по договору"]';

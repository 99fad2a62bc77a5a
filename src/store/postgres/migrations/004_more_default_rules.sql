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
  ('Аренда', 10, 'out', '["ОплатаПоставщику","ПрочееСписание"]'::jsonb, '["аренда","арендная плата","субаренда"]'::jsonb),
  ('Выручка', 10, 'in', '["ОплатаОтФакторинговойКомпании"]'::jsonb, NULL),
  ('Зарплата', 10, 'out', '["ПеречислениеЗаработнойПлатыРаботнику","ПеречислениеДепонентов"]'::jsonb, NULL),
  ('Налоги и взносы', 10, 'out', '["ПеречислениеНалогаЗаТретьихЛиц"]'::jsonb, NULL),
  ('Кредиты и займы', 10, NULL, '["ВыдачаЗаймаКонтрагенту","ВыдачаЗаймаРаботнику","ВозвратЗаймаРаботником"]'::jsonb, NULL),
  ('Переводы между счетами', 10, NULL, '["СнятиеНаличных","ВзносНаличными"]'::jsonb, NULL),
  ('Подотчётные суммы', 10, NULL, '["ПеречислениеПодотчетномуЛицу","ВозвратОтПодотчетногоЛица"]'::jsonb, NULL),
  ('Подотчётные суммы', 50, NULL, NULL, '["подотчет","под отчет"]'::jsonb),
  ('Дивиденды', 10, 'out', '["ПеречислениеДивидендов"]'::jsonb, NULL),
  ('Дивиденды', 50, 'out', NULL, '["дивиденды"]'::jsonb),
  ('Прочее', 70, NULL, NULL, '["штраф","обеспечительный платеж","проценты на остаток"]'::jsonb)
)
INSERT INTO classification_rules (category_id, priority, direction, operation_kinds, keywords, counterparty_ref)
SELECT c.id, r.priority, r.direction, r.operation_kinds, r.keywords, NULL
FROM new_rules r JOIN categories c ON c.name = r.category
WHERE EXISTS (SELECT 1 FROM categories WHERE name = 'Прочее');

-- «ндс» matched «НДС не облагается» in nearly every payment order; «заем» stems to «за».
UPDATE classification_rules SET keywords = '["налог","ндфл","страховые взносы","взносы","пени"]'::jsonb
WHERE EXISTS (SELECT 1 FROM categories WHERE name = 'Прочее')
  AND keywords = '["налог","ндфл","ндс","страховые взносы","взносы","пени"]'::jsonb;
UPDATE classification_rules SET keywords = '["займ","кредит","кредитный договор","проценты по договору"]'::jsonb
WHERE EXISTS (SELECT 1 FROM categories WHERE name = 'Прочее')
  AND keywords = '["займ","заем","кредит","проценты по договору"]'::jsonb;

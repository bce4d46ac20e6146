-- Issue 19: two seeded topic names in the glossary's words (bot/locale/GLOSSARY.md). In
-- Ukrainian "безпритульність" is said of animals and children; people are "безхатченство".
-- "Exclusion" alone is vague: the city's programmes speak of social exclusion. A name an
-- administrator has already changed (/managetopics) is left as they wrote it.
UPDATE topics SET name_uk = 'Безхатченство'
    WHERE code = 'homelessness' AND name_uk = 'Безпритульність';

UPDATE topics SET name_uk = 'Активізація людей, яким загрожує соціальне виключення'
    WHERE code = 'inclusion' AND name_uk = 'Активізація людей під загрозою виключення';

UPDATE topics SET name_pl = 'Aktywizacja osób zagrożonych wykluczeniem społecznym'
    WHERE code = 'inclusion' AND name_pl = 'Aktywizacja osób zagrożonych wykluczeniem';

UPDATE topics SET name_en = 'Activation of people at risk of social exclusion'
    WHERE code = 'inclusion' AND name_en = 'Activation of people at risk of exclusion';

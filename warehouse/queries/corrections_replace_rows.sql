-- The corrected articles' companies, people and event frames replaced by the corrected ones (registered tables
-- corrected_article_companies, corrected_article_people, corrected_events).
DELETE FROM article_companies WHERE article_id IN (SELECT id FROM corrected_articles);
INSERT INTO article_companies BY NAME SELECT * FROM corrected_article_companies;
DELETE FROM article_people WHERE article_id IN (SELECT id FROM corrected_articles);
INSERT INTO article_people BY NAME SELECT * FROM corrected_article_people;
DELETE FROM events WHERE article_id IN (SELECT id FROM corrected_articles);
INSERT INTO events BY NAME SELECT * FROM corrected_events;

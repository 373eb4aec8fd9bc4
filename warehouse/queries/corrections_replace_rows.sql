-- The corrected articles' companies, people, event frames and places replaced by the corrected ones (registered
-- tables corrected_article_companies, corrected_article_people, corrected_events, corrected_article_places).
DELETE FROM article_companies WHERE article_id IN (SELECT id FROM corrected_articles);
INSERT INTO article_companies BY NAME SELECT * FROM corrected_article_companies;
DELETE FROM article_people WHERE article_id IN (SELECT id FROM corrected_articles);
INSERT INTO article_people BY NAME SELECT * FROM corrected_article_people;
DELETE FROM events WHERE article_id IN (SELECT id FROM corrected_articles);
INSERT INTO events BY NAME SELECT * FROM corrected_events;
DELETE FROM article_places WHERE article_id IN (SELECT id FROM corrected_articles);
INSERT INTO article_places BY NAME SELECT * FROM corrected_article_places;

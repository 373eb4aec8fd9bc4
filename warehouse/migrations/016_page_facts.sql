-- A paywalled teaser: the page showed the start of the story only (crawlers/teaser.py). Null on rows loaded
-- before it existed. The language column (lang) is now detected from the text, the markup's only as a fallback.
ALTER TABLE articles ADD COLUMN is_teaser BOOLEAN;

-- Where each article's published_at came from (page, feed, sitemap, http-last-modified), or first-seen when the
-- crawler found no date (published_at is then null and fetched_at is when the story was first seen).
ALTER TABLE articles ADD COLUMN date_source VARCHAR;

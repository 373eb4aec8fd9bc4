-- Records of a run set aside (enrichment or load failed on them) instead of failing the run; see data/quarantine/.
ALTER TABLE pipeline_runs ADD COLUMN articles_quarantined INTEGER DEFAULT 0;

-- Run logs and the digest archive moved to the operational file beside the warehouse (warehouse/ops_store.py);
-- connect_writer copies any rows here over before this runs.
DROP TABLE IF EXISTS pipeline_runs;
DROP TABLE IF EXISTS digests;

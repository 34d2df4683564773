-- Settings of the refresh's transaction: its statements sort and group a few months of postings at once (work_mem:
-- in memory rather than in temporary files), and are too short for JIT compilation to pay (it cost about 0.5 s of a
-- month's recomputation at 1,000,000 postings).
SET LOCAL work_mem = '64MB';
SET LOCAL jit = off

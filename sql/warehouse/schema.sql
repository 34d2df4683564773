-- The warehouse's current schema: GENERATED from what the migrations produce, do not edit.
-- Regenerate with `python -m ai_job_share.tools.warehouse_schema` after adding a migration (a test compares them).
-- The history is in sql/warehouse/NNN_*.sql, the reporting views' definitions in sql/reporting/.

CREATE SCHEMA core;

CREATE TABLE core.match_evidence (
    posting_id bigint NOT NULL,
    taxonomy_id text NOT NULL,
    taxonomy_version integer NOT NULL,
    month date NOT NULL,
    match_rank smallint NOT NULL,
    group_id text NOT NULL,
    keyword text NOT NULL,
    section text NOT NULL,
    char_offset integer NOT NULL,
    matched_text text NOT NULL,
    snippet text NOT NULL,
    match_total integer,
    CONSTRAINT match_evidence_pkey PRIMARY KEY (posting_id, taxonomy_id, match_rank)
);
CREATE INDEX match_evidence_month_idx ON core.match_evidence USING btree (month, taxonomy_id);

CREATE TABLE core.posting_issues (
    month date,
    posting_id bigint,
    reason text NOT NULL,
    action text NOT NULL,
    detail text,
    stage text NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    postings bigint DEFAULT 1 NOT NULL,
    CONSTRAINT posting_issues_action_check CHECK ((action = ANY (ARRAY['excluded'::text, 'kept'::text]))),
    CONSTRAINT posting_issues_one_posting_or_a_count CHECK (((postings = 1) OR ((posting_id IS NULL) AND (action = 'kept'::text) AND (postings > 0)))),
    CONSTRAINT posting_issues_stage_check CHECK ((stage = ANY (ARRAY['extract'::text, 'load'::text])))
);
CREATE INDEX posting_issues_month_idx ON core.posting_issues USING btree (month, stage);

CREATE TABLE core.posting_texts (
    load_id bigint NOT NULL,
    chunk integer NOT NULL,
    block integer NOT NULL,
    first_posting_id bigint NOT NULL,
    last_posting_id bigint NOT NULL,
    postings integer NOT NULL,
    codec text NOT NULL,
    data bytea NOT NULL,
    layout_version smallint NOT NULL,
    CONSTRAINT posting_texts_pkey PRIMARY KEY (load_id, chunk, block),
    CONSTRAINT posting_texts_codec_check CHECK ((codec = ANY (ARRAY['zstd'::text, 'none'::text])))
);

CREATE TABLE core.postings (
    posting_id bigint NOT NULL,
    load_id bigint NOT NULL,
    month date NOT NULL,
    company_id bigint,
    company_employee_count integer,
    job_group text,
    job_role text,
    required_years_min smallint,
    published_at timestamp with time zone,
    status text,
    title text,
    title_key text,
    has_text boolean NOT NULL,
    keyword_ids smallint[] NOT NULL,
    CONSTRAINT postings_pkey PRIMARY KEY (posting_id, load_id)
);
CREATE INDEX postings_load_idx ON core.postings USING btree (load_id);

CREATE TABLE core.tagged_postings_archive (
    posting_id bigint NOT NULL,
    taxonomy_id text NOT NULL,
    taxonomy_version integer NOT NULL,
    month date NOT NULL,
    company_id bigint,
    company_employee_count integer,
    job_group text,
    job_role text,
    required_years_min smallint,
    published_at timestamp with time zone,
    status text,
    is_ai boolean NOT NULL,
    is_data boolean NOT NULL,
    is_ai_or_data boolean DEFAULT (is_ai OR is_data),
    matched_keywords text[] NOT NULL,
    match_count integer,
    loaded_at timestamp with time zone NOT NULL,
    archived_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tagged_postings_archive_pkey PRIMARY KEY (posting_id, taxonomy_id, taxonomy_version)
);
-- view core.published_postings
-- view core.tagged_postings

CREATE SCHEMA meta;

CREATE TABLE meta.job_groups (
    job_group text NOT NULL,
    CONSTRAINT job_groups_pkey PRIMARY KEY (job_group)
);

CREATE TABLE meta.load_chunks (
    load_id bigint NOT NULL,
    chunk integer NOT NULL,
    postings integer NOT NULL,
    written_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT load_chunks_pkey PRIMARY KEY (load_id, chunk),
    CONSTRAINT load_chunks_load_id_fkey FOREIGN KEY (load_id) REFERENCES meta.loads(load_id) ON DELETE CASCADE
);

CREATE TABLE meta.loads (
    load_id bigint NOT NULL,
    month date NOT NULL,
    origin text NOT NULL,
    taxonomy_version_ids smallint[] NOT NULL,
    chunks integer NOT NULL,
    source_postings bigint,
    source_max_updated_at timestamp with time zone,
    source_id_checksum numeric,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    published_at timestamp with time zone,
    CONSTRAINT loads_pkey PRIMARY KEY (load_id),
    CONSTRAINT loads_origin_check CHECK ((origin = ANY (ARRAY['source'::text, 'warehouse'::text])))
);

CREATE TABLE meta.locks (
    name text NOT NULL,
    CONSTRAINT locks_pkey PRIMARY KEY (name)
);

CREATE TABLE meta.month_extracts (
    month date NOT NULL,
    postings bigint NOT NULL,
    max_updated_at timestamp with time zone,
    id_checksum numeric NOT NULL,
    extracted_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT month_extracts_pkey PRIMARY KEY (month)
);

CREATE TABLE meta.month_loads (
    month date NOT NULL,
    load_id bigint NOT NULL,
    published_at timestamp with time zone NOT NULL,
    CONSTRAINT month_loads_pkey PRIMARY KEY (month),
    CONSTRAINT month_loads_load_id_fkey FOREIGN KEY (load_id) REFERENCES meta.loads(load_id),
    CONSTRAINT month_loads_load_id_key UNIQUE (load_id)
);

-- Per month, a digest of what the reporting layer's per-month tables were last computed from (published load, taxonomy versions and keywords, reporting settings): the refresh recomputes the months whose digest changed
CREATE TABLE meta.reporting_months (
    month date NOT NULL,
    inputs text NOT NULL,
    CONSTRAINT reporting_months_pkey PRIMARY KEY (month)
);

CREATE TABLE meta.reporting_refresh (
    id boolean DEFAULT true NOT NULL,
    last_started_at timestamp with time zone NOT NULL,
    CONSTRAINT reporting_refresh_pkey PRIMARY KEY (id),
    CONSTRAINT reporting_refresh_id_check CHECK (id)
);

CREATE TABLE meta.reporting_settings (
    name text NOT NULL,
    value text NOT NULL,
    description text NOT NULL,
    CONSTRAINT reporting_settings_pkey PRIMARY KEY (name),
    CONSTRAINT reporting_settings_developer_job_groups CHECK (((name <> 'developer_job_groups'::text) OR (btrim(value) <> ''::text))),
    CONSTRAINT reporting_settings_integer_values CHECK (((name <> ALL (ARRAY['repost_window_days'::text, 'small_sample_postings'::text, 'breakdown_min_postings'::text])) OR (value ~ '^[0-9]{1,6}$'::text))),
    CONSTRAINT reporting_settings_month_values CHECK (((name <> 'trend_break_month'::text) OR (value ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'::text))),
    CONSTRAINT reporting_settings_role_name CHECK (((name <> 'bi_role'::text) OR (value ~ '^[a-z_][a-z0-9_]{0,62}$'::text)))
);

-- Months whose published postings changed in place since the last reporting refresh (it recomputes them)
CREATE TABLE meta.reporting_stale_months (
    month date NOT NULL,
    noted_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE meta.schema_migrations (
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT schema_migrations_pkey PRIMARY KEY (name)
);

CREATE TABLE meta.taxonomy_keywords (
    keyword_id smallint NOT NULL,
    taxonomy_version_id smallint NOT NULL,
    group_id text NOT NULL,
    term text NOT NULL,
    CONSTRAINT taxonomy_keywords_pkey PRIMARY KEY (keyword_id),
    CONSTRAINT taxonomy_keywords_taxonomy_version_id_fkey FOREIGN KEY (taxonomy_version_id) REFERENCES meta.taxonomy_versions(taxonomy_version_id),
    CONSTRAINT taxonomy_keywords_taxonomy_version_id_group_id_term_key UNIQUE (taxonomy_version_id, group_id, term)
);

CREATE TABLE meta.taxonomy_versions (
    taxonomy_version_id smallint NOT NULL,
    taxonomy_id text NOT NULL,
    taxonomy_version integer NOT NULL,
    rules_fingerprint text,
    CONSTRAINT taxonomy_versions_pkey PRIMARY KEY (taxonomy_version_id),
    CONSTRAINT taxonomy_versions_taxonomy_id_taxonomy_version_key UNIQUE (taxonomy_id, taxonomy_version)
);
-- view meta.developer_definition
-- view meta.taxonomy_version_keywords
-- function meta.grant_reporting_access() RETURNS text
-- function meta.taxonomy_flags(posting_keyword_ids smallint[], version_ids smallint[]) RETURNS TABLE(taxonomy_id text, taxonomy_version integer, is_ai boolean, is_data boolean, is_ai_or_data boolean, matched_keywords text[])
-- function meta.title_key(title text) RETURNS text

CREATE SCHEMA staging;
-- view staging.developer_postings
-- view staging.reporting_settings

CREATE SCHEMA intermediate;

-- Developer postings per month, taxonomy, flags, matched keywords, repost flag, role and bands: postings counts how many; what the per-month counts of the marts are summed from
CREATE TABLE intermediate.developer_keyword_sets (
    month date NOT NULL,
    taxonomy_id text,
    is_ai boolean,
    is_data boolean,
    is_ai_or_data boolean,
    matched_keywords text[],
    is_repost boolean,
    job_role text,
    seniority_order integer,
    company_size_order integer,
    postings bigint
);
CREATE INDEX developer_keyword_sets_month ON intermediate.developer_keyword_sets USING btree (month);

-- Developer, AI and AI-or-data postings per month, taxonomy and breakdown cell (job role, seniority, company size)
CREATE TABLE intermediate.monthly_breakdown_cells (
    month date NOT NULL,
    taxonomy_id text,
    dimension text,
    category text,
    category_order integer,
    developer_postings bigint,
    ai_postings bigint,
    ai_or_data_postings bigint
);
CREATE INDEX monthly_breakdown_cells_month ON intermediate.monthly_breakdown_cells USING btree (month);

-- Developer postings per month and taxonomy: all, AI, data, AI-or-data, reposts, first postings (AI, AI-or-data)
CREATE TABLE intermediate.monthly_counts (
    month date NOT NULL,
    taxonomy_id text,
    developer_postings bigint,
    ai_postings bigint,
    data_postings bigint,
    ai_or_data_postings bigint,
    repost_postings bigint,
    first_postings bigint,
    first_ai_postings bigint,
    first_ai_or_data_postings bigint
);
CREATE INDEX monthly_counts_month ON intermediate.monthly_counts USING btree (month);

-- Developer postings matching each keyword per month and taxonomy (a posting counts once under each keyword)
CREATE TABLE intermediate.monthly_keyword_postings (
    month date NOT NULL,
    taxonomy_id text,
    keyword text,
    postings bigint
);
CREATE INDEX monthly_keyword_postings_month ON intermediate.monthly_keyword_postings USING btree (month);
-- view intermediate.developer_postings
-- function intermediate.developer_keyword_sets_of(months date[]) RETURNS SETOF intermediate.developer_keyword_sets
-- function intermediate.developer_postings_of(months date[]) RETURNS TABLE(posting_id bigint, month date, keyword_ids smallint[], taxonomy_version_ids smallint[], is_repost boolean, job_role text, seniority_order integer, company_size_order integer)
-- function intermediate.monthly_breakdown_cells_of(months date[]) RETURNS SETOF intermediate.monthly_breakdown_cells
-- function intermediate.monthly_counts_of(months date[]) RETURNS SETOF intermediate.monthly_counts
-- function intermediate.monthly_keyword_postings_of(months date[]) RETURNS SETOF intermediate.monthly_keyword_postings

CREATE SCHEMA reporting;

-- Interrupted time series of the monthly share per taxonomy, population and measure: a segmented regression (OLS, Newey-West errors) with its break at meta.reporting_settings trend_break_month (default 2022-12, the first month after ChatGPT's release); replaced by every refresh of the reporting views
CREATE TABLE reporting.chatgpt_trend_break (
    taxonomy_id text NOT NULL,
    population text NOT NULL,
    measure text NOT NULL,
    break_month date NOT NULL,
    first_month date NOT NULL,
    last_month date NOT NULL,
    months_before integer NOT NULL,
    months_after integer NOT NULL,
    hac_lags integer,
    pre_level_pp double precision,
    pre_level_ci_low_pp double precision,
    pre_level_ci_high_pp double precision,
    pre_slope_pp double precision,
    pre_slope_ci_low_pp double precision,
    pre_slope_ci_high_pp double precision,
    level_change_pp double precision,
    level_change_ci_low_pp double precision,
    level_change_ci_high_pp double precision,
    level_change_p_value double precision,
    slope_change_pp double precision,
    slope_change_ci_low_pp double precision,
    slope_change_ci_high_pp double precision,
    slope_change_p_value double precision,
    significant_level_change boolean,
    significant_slope_change boolean,
    placebo_months integer NOT NULL,
    level_change_rank integer,
    slope_change_rank integer,
    verdict text NOT NULL,
    level_change_classical_p_value double precision,
    slope_change_classical_p_value double precision,
    CONSTRAINT chatgpt_trend_break_pkey PRIMARY KEY (taxonomy_id, population, measure)
);

-- Placebo check of reporting.chatgpt_trend_break: the same model with its break at every month that leaves at least 3 months on each side; a change that belongs to break_month makes it rank first
CREATE TABLE reporting.chatgpt_trend_break_placebo (
    taxonomy_id text NOT NULL,
    population text NOT NULL,
    measure text NOT NULL,
    break_month date NOT NULL,
    is_break_month boolean NOT NULL,
    months_before integer NOT NULL,
    months_after integer NOT NULL,
    level_change_pp double precision NOT NULL,
    level_change_ci_low_pp double precision,
    level_change_ci_high_pp double precision,
    level_change_p_value double precision,
    slope_change_pp double precision NOT NULL,
    slope_change_ci_low_pp double precision,
    slope_change_ci_high_pp double precision,
    slope_change_p_value double precision,
    level_change_rank integer,
    slope_change_rank integer,
    CONSTRAINT chatgpt_trend_break_placebo_pkey PRIMARY KEY (taxonomy_id, population, measure, break_month)
);
-- materialized view reporting.chatgpt_comparison
-- materialized view reporting.monthly_ai_share
-- materialized view reporting.monthly_ai_share_breakdown
-- materialized view reporting.monthly_keyword_counts
-- view reporting.monthly_measures
-- view reporting.taxonomy_comparison
-- function reporting.difference_se(x1 bigint, n1 bigint, x2 bigint, n2 bigint) RETURNS double precision
-- function reporting.erfc(x double precision) RETURNS double precision
-- function reporting.normal_cdf(x double precision) RETURNS double precision
-- function reporting.two_proportion_z(x1 bigint, n1 bigint, x2 bigint, n2 bigint) RETURNS double precision
-- function reporting.two_sided_p_value(z double precision) RETURNS double precision
-- function reporting.wilson_high(successes bigint, trials bigint, z double precision) RETURNS double precision
-- function reporting.wilson_low(successes bigint, trials bigint, z double precision) RETURNS double precision

/// The schema for PostgreSQL: the same named migrations as ``Migrations`` (SQLite), in PostgreSQL's types. A name
/// means the same tables and meaning on both backends; only the column types and index syntax differ.
enum PostgresMigrations {
    static let all: [(name: String, sql: String)] = [
        ("v1-core", """
        CREATE TABLE suites (
            version TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            parent TEXT,
            config TEXT NOT NULL,
            item_count BIGINT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            seq BIGSERIAL
        );
        CREATE INDEX suites_name ON suites(name, created_at);
        CREATE TABLE items (
            id TEXT PRIMARY KEY,
            input TEXT NOT NULL,
            target TEXT NOT NULL,
            tags TEXT NOT NULL,
            cluster TEXT,
            metadata TEXT NOT NULL,
            provenance TEXT NOT NULL,
            origin TEXT NOT NULL,
            parent TEXT
        );
        CREATE TABLE suite_items (
            suite_version TEXT NOT NULL REFERENCES suites(version),
            item_id TEXT NOT NULL REFERENCES items(id),
            position BIGINT NOT NULL,
            state TEXT NOT NULL DEFAULT 'active',
            PRIMARY KEY (suite_version, item_id)
        );
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            suite_name TEXT NOT NULL,
            suite_version TEXT NOT NULL,
            model TEXT NOT NULL,
            config_hash TEXT NOT NULL,
            config TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            finished_at DOUBLE PRECISION,
            labels TEXT NOT NULL
        );
        CREATE INDEX runs_resume ON runs(suite_version, model, config_hash, status, created_at);
        CREATE TABLE samples (
            run_id TEXT NOT NULL REFERENCES runs(id),
            item_id TEXT NOT NULL,
            epoch BIGINT NOT NULL,
            messages TEXT NOT NULL,
            response TEXT,
            completion TEXT,
            choice_ll TEXT,
            target_ll DOUBLE PRECISION,
            error TEXT,
            attempts BIGINT NOT NULL,
            latency DOUBLE PRECISION NOT NULL,
            cached BIGINT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (run_id, item_id, epoch)
        );
        CREATE TABLE scores (
            run_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            epoch BIGINT NOT NULL,
            scorer TEXT NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            verdict TEXT NOT NULL,
            explanation TEXT,
            PRIMARY KEY (run_id, item_id, epoch, scorer)
        );
        CREATE TABLE response_cache (
            key TEXT PRIMARY KEY,
            response TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL
        );
        """),
        ("v2-dashboard-indexes", """
        CREATE INDEX samples_progress ON samples(run_id, created_at, cached);
        CREATE INDEX samples_errors ON samples(run_id, item_id, epoch) WHERE error IS NOT NULL;
        CREATE INDEX scores_by_scorer_verdict ON scores(run_id, scorer, verdict, item_id, epoch);
        CREATE INDEX scores_by_verdict ON scores(run_id, verdict, item_id, epoch);
        """),
        ("v3-evolutions", """
        CREATE TABLE evolutions (
            id TEXT PRIMARY KEY,
            suite_name TEXT NOT NULL,
            suite_version TEXT NOT NULL,
            target TEXT NOT NULL,
            config_hash TEXT NOT NULL,
            config TEXT NOT NULL,
            state TEXT NOT NULL,
            status TEXT NOT NULL,
            promoted_version TEXT,
            created_at DOUBLE PRECISION NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX evolutions_resume ON evolutions(suite_version, target, config_hash, status, created_at);
        CREATE TABLE evolution_entries (
            evolution_id TEXT NOT NULL REFERENCES evolutions(id),
            seq BIGINT NOT NULL,
            entry TEXT NOT NULL,
            PRIMARY KEY (evolution_id, seq)
        );
        CREATE INDEX suites_parent ON suites(parent);
        """),
        ("v4-series", """
        CREATE TABLE series_points (
            series TEXT NOT NULL,
            axis DOUBLE PRECISION NOT NULL,
            metric TEXT NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            n BIGINT NOT NULL,
            stderr DOUBLE PRECISION,
            run_id TEXT,
            PRIMARY KEY (series, metric, axis)
        );
        """),
        ("v5-findings", """
        CREATE TABLE findings (
            id TEXT PRIMARY KEY,
            number BIGINT NOT NULL UNIQUE,
            status TEXT NOT NULL,
            finding TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE finding_samples (
            source TEXT NOT NULL,
            item_id TEXT NOT NULL,
            epoch BIGINT NOT NULL,
            finding_id TEXT NOT NULL REFERENCES findings(id),
            similarity DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (source, item_id, epoch)
        );
        CREATE INDEX finding_samples_finding ON finding_samples(finding_id, source);
        CREATE TABLE mined_sources (
            source TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            suite TEXT NOT NULL,
            model TEXT NOT NULL,
            samples BIGINT NOT NULL,
            failures BIGINT NOT NULL,
            started_at DOUBLE PRECISION NOT NULL
        );
        """),
        ("v6-work-queue", """
        CREATE TABLE work_units (
            run_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            epoch BIGINT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending',
            owner TEXT,
            lease_until DOUBLE PRECISION,
            leases BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (run_id, item_id, epoch)
        );
        CREATE INDEX work_units_ready ON work_units(state, lease_until);
        """),
    ]
}

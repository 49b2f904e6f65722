-- Routing group policies in the store, versioned routing rules, and the query history.

-- How a group picks a cluster and where it falls back (docs/routing.md): in force when
-- routing.rules-source=store. Names as in the rules file: least-loaded, user, ...
ALTER TABLE routing_groups ADD COLUMN policy VARCHAR(32) DEFAULT 'least-loaded' NOT NULL;
ALTER TABLE routing_groups ADD COLUMN hash_key VARCHAR(32) DEFAULT 'user' NOT NULL;
ALTER TABLE routing_groups ADD COLUMN weights_json TEXT;
ALTER TABLE routing_groups ADD COLUMN fallback VARCHAR(63);

-- Every version of the rule set, immutable: a change writes a new row with the whole set
-- (a JSON array of rules in evaluation order). The newest row is the set in force.
CREATE TABLE routing_rule_versions (
    version_number BIGINT PRIMARY KEY,
    created_at_millis BIGINT NOT NULL,
    created_by VARCHAR(200) NOT NULL,
    change_comment VARCHAR(1000) NOT NULL,
    rule_count INTEGER NOT NULL,
    rules_json TEXT NOT NULL
);

-- One row per routed query, written behind in batches; state and the end are updated when
-- the proxy sees them. Every search orders by (submitted_at_millis, query_id) descending.
CREATE TABLE query_history (
    query_id VARCHAR(100) PRIMARY KEY,
    submitted_at_millis BIGINT NOT NULL,
    user_name VARCHAR(255) NOT NULL,
    query_source VARCHAR(255),
    client_tags VARCHAR(2000) NOT NULL,
    routing_group VARCHAR(63) NOT NULL,
    rule_name VARCHAR(255),
    cluster_name VARCHAR(63) NOT NULL,
    sql_text TEXT NOT NULL,
    sql_truncated BOOLEAN NOT NULL,
    query_state VARCHAR(32) NOT NULL,
    finished_at_millis BIGINT,
    elapsed_millis BIGINT,
    error_code VARCHAR(100),
    error_message TEXT,
    junction_node VARCHAR(255),
    decision_json TEXT
);
CREATE INDEX query_history_submitted ON query_history (submitted_at_millis, query_id);
CREATE INDEX query_history_user ON query_history (user_name, submitted_at_millis, query_id);
CREATE INDEX query_history_source ON query_history (query_source, submitted_at_millis, query_id);
CREATE INDEX query_history_cluster ON query_history (cluster_name, submitted_at_millis, query_id);
CREATE INDEX query_history_group ON query_history (routing_group, submitted_at_millis, query_id);
CREATE INDEX query_history_state ON query_history (query_state, submitted_at_millis, query_id);

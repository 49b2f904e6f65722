-- Clusters, routing groups, the audit log, and the version every node polls.
-- Times are epoch milliseconds (UTC) so that all three dialects read them the same way.
CREATE TABLE store_version (
    id INTEGER PRIMARY KEY,
    version_number BIGINT NOT NULL
);
INSERT INTO store_version (id, version_number) VALUES (1, 0);

CREATE TABLE routing_groups (
    name VARCHAR(63) PRIMARY KEY,
    description VARCHAR(1000) NOT NULL,
    created_at_millis BIGINT NOT NULL,
    updated_at_millis BIGINT NOT NULL
);

-- list_position keeps clusters in the order they were added (seed file order first): the
-- router breaks ties between equally loaded clusters by that order.
CREATE TABLE clusters (
    name VARCHAR(63) PRIMARY KEY,
    uri VARCHAR(2000) NOT NULL,
    external_uri VARCHAR(2000),
    routing_group VARCHAR(63) NOT NULL,
    lifecycle VARCHAR(16) NOT NULL,
    forwarded_headers BOOLEAN NOT NULL,
    list_position BIGINT NOT NULL,
    created_at_millis BIGINT NOT NULL,
    updated_at_millis BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    changed_at_millis BIGINT NOT NULL,
    actor VARCHAR(200) NOT NULL,
    change_kind VARCHAR(16) NOT NULL,
    entity_type VARCHAR(32) NOT NULL,
    entity_name VARCHAR(200) NOT NULL,
    before_json MEDIUMTEXT,
    after_json MEDIUMTEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_name, id);

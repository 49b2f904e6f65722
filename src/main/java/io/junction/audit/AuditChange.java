package io.junction.audit;

/**
 * What kind of change an audit entry records.
 */
public enum AuditChange
{
    CREATE,
    UPDATE,
    DELETE
}

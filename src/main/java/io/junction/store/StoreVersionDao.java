package io.junction.store;

import org.jdbi.v3.core.Handle;

/**
 * The store's version: one number, increased by every change to the data the nodes keep in
 * their snapshots (clusters, routing groups). Each node polls it and reloads when it moved.
 * <p>
 * {@link #increment} takes the row's write lock, so writers that increment first are
 * serialised: two nodes never interleave their read-modify-write of the same entity.
 */
public final class StoreVersionDao
{
    public long load(Handle handle)
    {
        return handle.createQuery("""
                        SELECT version_number
                        FROM store_version
                        WHERE id = 1
                        """)
                .mapTo(Long.class)
                .one();
    }

    public void increment(Handle handle)
    {
        handle.createUpdate("""
                        UPDATE store_version
                        SET version_number = version_number + 1
                        WHERE id = 1
                        """)
                .execute();
    }
}

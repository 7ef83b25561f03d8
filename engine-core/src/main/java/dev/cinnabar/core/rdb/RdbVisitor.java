// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

/**
 * Receives the records of an RDB file from {@link RdbFileReader}, in file order. Every method but
 * {@link #entry} defaults to ignoring its record. A visitor that throws stops the read; the exception
 * reaches the caller of {@link RdbFileReader#read} unchanged.
 */
public interface RdbVisitor {
    /** The header: "REDIS" and the 4-digit RDB version. */
    default void header(int rdbVersion) {
    }

    /** An AUX field (opcode 250), e.g. redis-ver, ctime, aof-base. */
    default void aux(byte[] name, byte[] value) {
    }

    /** SELECTDB (254): the following entries belong to database {@code db} (not checked against a count). */
    default void selectDb(long db) {
    }

    /** RESIZEDB (251): how many keys, and keys with an expiry, the selected database holds. */
    default void resizeDb(long size, long expiresSize) {
    }

    /**
     * A function library (FUNCTION2, 245), as its code: "#!lua name=lib\n…". A pre-GA record (246, Redis
     * 7.0-rc1/rc2) arrives translated to that form as the release candidates loaded it.
     */
    default void function(byte[] libraryCode) {
    }

    /**
     * MODULE_AUX (247): module data outside the keyspace, already read past (module values and aux data
     * have a self-describing form since RDB 9).
     *
     * @param moduleName the 9-character name of the module type, as Redis's {@code moduleTypeNameByID}
     * @param moduleId   the 64-bit id: 54 bits of name, 10 bits of encoding version
     * @param when       REDISMODULE_AUX_BEFORE_RDB (1) or AFTER_RDB (2)
     */
    default void moduleAux(String moduleName, long moduleId, long when) {
    }

    /** One key and its decoded value. */
    void entry(RdbEntry entry);

    /**
     * SLOT_INFO (244, Redis 7.4 in cluster mode): a sizing hint before a hash slot's keys, read past.
     */
    default void slotInfo(long slot, long slotSize, long expiresSlotSize) {
    }

    /**
     * A hash of RDB 12 (types 22 to 25) whose fields had TTLs, which this engine cannot hold: called before
     * the key's {@link #entry}, or instead of it when every field had expired (Redis 7.4 would load it and
     * expire it at once, so no client sees it).
     *
     * @param ttlsDropped   fields loaded as ordinary fields, their TTL lost
     * @param fieldsExpired fields dropped because their TTL had passed (only when the reader drops them)
     * @param keyDropped    true if no field was left, so the key was not loaded
     * @param offset        where the key's record starts
     */
    default void hashFieldTtls(long db, byte[] key, long ttlsDropped, long fieldsExpired, boolean keyDropped,
            long offset) {
    }

    /**
     * A key whose collection decoded empty (written by Redis versions with bug #8453): skipped, as Redis
     * skips it.
     */
    default void emptyKeySkipped(byte[] key, int typeId, long offset) {
    }

    /**
     * EOF (255) and the checksum after it.
     *
     * @param storedChecksum   the file's CRC-64, 0 if written with {@code rdbchecksum no} or older than RDB 5
     * @param computedChecksum the CRC-64 of every byte before the checksum
     */
    default void end(long storedChecksum, long computedChecksum) {
    }
}

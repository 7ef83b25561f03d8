// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/** The error prefixes Redis uses; the first word of an error reply. A plugin needing a new one adds it here. */
public enum ErrorCode {
    ERR, WRONGTYPE, NOAUTH, NOPERM, EXECABORT, BUSY, BUSYKEY, LOADING, READONLY, OOM, NOSCRIPT, NOPROTO,
    NOTBUSY, UNBLOCKED, MISCONF, NOGROUP, BUSYGROUP, NOREPLICAS, WRONGPASS, CROSSSLOT, UNKILLABLE, MASTERDOWN,
    INVALIDOBJ, TESTFAILED
}

// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua.lib;

/** The settings one cjson module table carries (each {@code cjson.new()} gets its own), with Redis's defaults. */
final class CjsonConfig {
    int encodeSparseConvert = 0;
    int encodeSparseRatio = 2;
    int encodeSparseSafe = 10;
    int encodeMaxDepth = 1000;
    int decodeMaxDepth = 1000;
    /** 0 refuses NaN and Inf, 1 writes them as nan/inf, 2 writes them as null. */
    int encodeInvalidNumbers = 0;
    int decodeInvalidNumbers = 1;
    int encodeKeepBuffer = 1;
    int encodeNumberPrecision = 14;
}

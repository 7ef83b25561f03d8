// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server.tls;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/** The little DER that rewrapping a traditional private key as PKCS#8 needs: definite lengths only. */
final class Der {
    private Der() {
    }

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Reads consecutive TLVs of a byte range. */
    static final class Reader {
        private final byte[] data;
        private int pos;
        private final int end;

        Reader(byte[] data) {
            this(data, 0, data.length);
        }

        private Reader(byte[] data, int from, int to) {
            this.data = data;
            this.pos = from;
            this.end = to;
        }

        boolean hasNext() {
            return pos < end;
        }

        int peekTag() {
            return data[pos] & 0xff;
        }

        /** The content of the next TLV, which must have {@code tag}, as a reader; moves past it. */
        Reader enter(int tag) throws GeneralSecurityException {
            int[] bounds = next(tag);
            return new Reader(data, bounds[0], bounds[1]);
        }

        void skip(int tag) throws GeneralSecurityException {
            next(tag);
        }

        /** What is left of this reader's range. */
        byte[] raw() {
            return Arrays.copyOfRange(data, pos, end);
        }

        private int[] next(int tag) throws GeneralSecurityException {
            if (pos + 2 > end || (data[pos] & 0xff) != tag) {
                throw new GeneralSecurityException("malformed DER: expected tag " + Integer.toHexString(tag));
            }
            pos++;
            int len = data[pos++] & 0xff;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                if (bytes == 0 || bytes > 3 || pos + bytes > end) {
                    throw new GeneralSecurityException("malformed DER length");
                }
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (data[pos++] & 0xff);
                }
            }
            if (pos + len > end) {
                throw new GeneralSecurityException("malformed DER: truncated");
            }
            int[] bounds = {pos, pos + len};
            pos += len;
            return bounds;
        }
    }
}

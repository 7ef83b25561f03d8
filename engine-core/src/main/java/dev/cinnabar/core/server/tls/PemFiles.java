// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.server.tls;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files OpenSSL reads for Redis, with the JDK only: certificate chains, and private keys in
 * PKCS#8 (plain or encrypted), PKCS#1 RSA and SEC1 EC form, the last two plain or encrypted the
 * traditional OpenSSL way ({@code Proc-Type: 4,ENCRYPTED}). The JDK reads PKCS#8 alone, so the
 * traditional forms are rewrapped as PKCS#8 here.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    /** rsaEncryption and id-ecPublicKey, DER-encoded OBJECT IDENTIFIERs. */
    private static final byte[] RSA_OID = HexFormat.of().parseHex("06092a864886f70d010101");
    private static final byte[] EC_OID = HexFormat.of().parseHex("06072a8648ce3d0201");
    private static final String PBES2_OID = "1.2.840.113549.1.5.13";
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

    private PemFiles() {
    }

    /** Every certificate of a PEM file, in order; at least one. */
    static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
        byte[] data = Files.readAllBytes(file);
        List<X509Certificate> out = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(data))) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new CertificateException("no certificate found");
        }
        return out;
    }

    /**
     * The first private key of a PEM file.
     *
     * @param password for an encrypted key; null or empty when there is none
     */
    static PrivateKey privateKey(Path file, String password) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (!type.endsWith("PRIVATE KEY")) {
                continue; // "EC PARAMETERS" and certificates may share the file
            }
            Block block = Block.parse(m.group(2));
            byte[] pkcs8 = switch (type) {
                case "PRIVATE KEY" -> block.der;
                case "ENCRYPTED PRIVATE KEY" -> decryptPkcs8(block.der, required(password));
                case "RSA PRIVATE KEY" -> wrap(RSA_OID, new byte[] {0x05, 0x00}, block.traditional(password));
                case "EC PRIVATE KEY" -> wrapEc(block.traditional(password));
                default -> throw new GeneralSecurityException("unsupported key type " + type);
            };
            return toKey(pkcs8);
        }
        throw new GeneralSecurityException("no private key found");
    }

    private static char[] required(String password) throws GeneralSecurityException {
        if (password == null || password.isEmpty()) {
            throw new GeneralSecurityException("bad decrypt: the key is encrypted and no tls-key-file-pass is set");
        }
        return password.toCharArray();
    }

    private static PrivateKey toKey(byte[] pkcs8) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // the PKCS#8 header names the algorithm; trying each is what keeps this short
            }
        }
        throw new GeneralSecurityException("unsupported or malformed private key");
    }

    /**
     * PKCS#8 EncryptedPrivateKeyInfo. OpenSSL writes PBES2; JDK 17 names that scheme only through its
     * parameters ("PBEWithHmacSHA256AndAES_256"), so the cipher is looked up by that name.
     */
    private static byte[] decryptPkcs8(byte[] der, char[] password) throws GeneralSecurityException, IOException {
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
        String algorithm = info.getAlgName();
        if ((algorithm.equals("PBES2") || algorithm.equals(PBES2_OID)) && info.getAlgParameters() != null) {
            algorithm = info.getAlgParameters().toString();
        }
        SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)), info.getAlgParameters());
        try {
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("bad decrypt", e);
        }
    }

    /** PrivateKeyInfo: SEQUENCE { INTEGER 0, SEQUENCE { algorithm, parameters }, OCTET STRING key }. */
    private static byte[] wrap(byte[] algorithmOid, byte[] parameters, byte[] key) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] algorithm = Der.tlv(0x30, Der.concat(algorithmOid, parameters));
        return Der.tlv(0x30, Der.concat(version, algorithm, Der.tlv(0x04, key)));
    }

    /** SEC1 ECPrivateKey carries its curve as [0] parameters, which PKCS#8 moves to the algorithm. */
    private static byte[] wrapEc(byte[] sec1) throws GeneralSecurityException {
        Der.Reader seq = new Der.Reader(sec1).enter(0x30);
        seq.skip(0x02);
        seq.skip(0x04);
        byte[] curve = seq.hasNext() && seq.peekTag() == 0xa0 ? seq.enter(0xa0).raw() : null;
        if (curve == null) {
            throw new GeneralSecurityException("EC private key without curve parameters");
        }
        return wrap(EC_OID, curve, sec1);
    }

    /** One PEM block's headers and DER body. */
    private record Block(String procType, String dekInfo, byte[] der) {
        static Block parse(String body) throws GeneralSecurityException {
            String procType = null;
            String dekInfo = null;
            StringBuilder base64 = new StringBuilder();
            for (String line : body.split("\\r?\\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String name = line.substring(0, colon).trim();
                    String value = line.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Proc-Type")) {
                        procType = value;
                    } else if (name.equalsIgnoreCase("DEK-Info")) {
                        dekInfo = value;
                    }
                } else {
                    base64.append(line.trim());
                }
            }
            try {
                return new Block(procType, dekInfo, Base64.getDecoder().decode(base64.toString()));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("bad base64 in PEM block", e);
            }
        }

        /** The DER of a traditional block, decrypted as OpenSSL's PEM_read_bio does when it is encrypted. */
        byte[] traditional(String password) throws GeneralSecurityException {
            if (procType == null || !procType.contains("ENCRYPTED")) {
                return der;
            }
            if (dekInfo == null) {
                throw new GeneralSecurityException("encrypted PEM block without DEK-Info");
            }
            char[] pass = required(password);
            String[] dek = dekInfo.split(",");
            byte[] iv = HexFormat.of().parseHex(dek[1].trim());
            String name = dek[0].trim().toUpperCase(Locale.ROOT);
            String transformation;
            String keyAlgorithm;
            int keyLength;
            switch (name) {
                case "AES-128-CBC", "AES-192-CBC", "AES-256-CBC" -> {
                    transformation = "AES/CBC/PKCS5Padding";
                    keyAlgorithm = "AES";
                    keyLength = Integer.parseInt(name.substring(4, 7)) / 8;
                }
                case "DES-EDE3-CBC" -> {
                    transformation = "DESede/CBC/PKCS5Padding";
                    keyAlgorithm = "DESede";
                    keyLength = 24;
                }
                default -> throw new GeneralSecurityException("unsupported PEM encryption " + name);
            }
            byte[] key = bytesToKey(new String(pass).getBytes(StandardCharsets.UTF_8), iv, keyLength);
            Cipher cipher = Cipher.getInstance(transformation);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, keyAlgorithm), new IvParameterSpec(iv));
            try {
                return cipher.doFinal(der);
            } catch (GeneralSecurityException e) {
                throw new GeneralSecurityException("bad decrypt", e);
            }
        }

        /** OpenSSL's EVP_BytesToKey with MD5, one iteration, the first 8 bytes of the IV as salt. */
        private static byte[] bytesToKey(byte[] password, byte[] iv, int length) throws GeneralSecurityException {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            ByteArrayOutputStream key = new ByteArrayOutputStream();
            byte[] previous = new byte[0];
            while (key.size() < length) {
                md5.update(previous);
                md5.update(password);
                md5.update(iv, 0, 8);
                previous = md5.digest();
                key.writeBytes(previous);
            }
            byte[] out = new byte[length];
            System.arraycopy(key.toByteArray(), 0, out, 0, length);
            return out;
        }
    }
}

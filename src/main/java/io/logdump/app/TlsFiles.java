package io.logdump.app;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The certificate chain and private key of HTTPS ({@code tls.certificate}, {@code tls.privateKey}),
 * read from PEM files and checked: each file readable and parseable, the certificates valid at the
 * given instant, and the key the one the first certificate was issued for (a signature made with
 * the key verifies with the certificate's public key). The certificate file holds the server's
 * certificate first, then any intermediate certificates; the key file holds one unencrypted key:
 * PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}).
 *
 * <p>Problems read {@code key: file — rule}. They name the files, never their content: neither
 * the parser's messages (which may quote a line) nor a byte of the key are ever part of one.
 * Stateless and thread-safe.
 */
final class TlsFiles {
    /** A PEM file is a few KiB; anything much larger is not one. */
    private static final long MAX_BYTES = 1 << 20;
    private static final String CERTIFICATE = "tls.certificate";
    private static final String PRIVATE_KEY = "tls.privateKey";

    /** What was read; {@code chain} and {@code key} are usable only when {@code problems} is empty (the dates unchecked). */
    record Loaded(List<X509Certificate> chain, PrivateKey key, List<String> problems) {}

    private TlsFiles() {}

    /** Every problem of the two files at {@code now}, as {@code key: file — rule}; empty when HTTPS can use them. */
    static List<String> check(Path certificate, Path privateKey, Instant now) {
        Loaded loaded = load(certificate, privateKey);
        List<String> problems = new ArrayList<>(loaded.problems());
        List<X509Certificate> chain = loaded.chain();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String which = (chain.size() == 1 ? "the certificate" : "certificate " + (i + 1) + " of " + chain.size())
                    + " (" + c.getSubjectX500Principal().getName() + ")";
            if (now.isAfter(c.getNotAfter().toInstant())) {
                problems.add(CERTIFICATE + ": " + certificate + " — " + which + " expired on " + c.getNotAfter().toInstant() + "; renew it");
            } else if (now.isBefore(c.getNotBefore().toInstant())) {
                problems.add(CERTIFICATE + ": " + certificate + " — " + which + " is not valid before " + c.getNotBefore().toInstant());
            }
        }
        return problems;
    }

    /**
     * An in-memory key store with one entry, the key and its chain, protected by {@code password}.
     * The validity dates are {@link #check}'s business, done when the configuration is read.
     *
     * @throws IllegalStateException naming every problem when the files cannot be used
     */
    static KeyStore keyStore(Path certificate, Path privateKey, char[] password) {
        Loaded loaded = load(certificate, privateKey);
        if (!loaded.problems().isEmpty()) {
            throw new IllegalStateException("the HTTPS files cannot be used: " + String.join("; ", loaded.problems()));
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("logdump", loaded.key(), password, loaded.chain().toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the HTTPS key store from " + certificate + " and " + privateKey, e);
        }
    }

    /** A random password for a key store that lives only in memory. */
    static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    private static Loaded load(Path certificate, Path privateKey) {
        List<String> problems = new ArrayList<>();
        List<X509Certificate> chain = certificates(certificate, problems);
        PrivateKey key = key(privateKey, problems);
        if (!chain.isEmpty() && key != null) {
            String mismatch = mismatch(key, chain.get(0).getPublicKey());
            if (mismatch != null) {
                problems.add(PRIVATE_KEY + ": " + privateKey + " — " + mismatch + " (the first certificate of " + certificate + ")");
            }
        }
        return new Loaded(chain, key, problems);
    }

    private static List<X509Certificate> certificates(Path file, List<String> problems) {
        String text = read(file, CERTIFICATE, problems);
        if (text == null) {
            return List.of();
        }
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                } else if (isKey(o)) {
                    problems.add(CERTIFICATE + ": " + file + " — holds a private key; give only certificates here "
                            + "(the key belongs in " + PRIVATE_KEY + ")");
                    return List.of();
                } else {
                    problems.add(CERTIFICATE + ": " + file + " — holds a PEM block that is not a certificate");
                    return List.of();
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) { // the parser's message may quote the file
            problems.add(CERTIFICATE + ": " + file + " — is not a valid PEM certificate file (a block cannot be decoded)");
            return List.of();
        }
        if (chain.isEmpty()) {
            problems.add(CERTIFICATE + ": " + file + " — holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    private static PrivateKey key(Path file, List<String> problems) {
        String text = read(file, PRIVATE_KEY, problems);
        if (text == null) {
            return null;
        }
        List<PrivateKey> keys = new ArrayList<>();
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    problems.add(PRIVATE_KEY + ": " + file + " — is encrypted; give it unencrypted "
                            + "(openssl pkey -in KEY -out PLAIN.pem), readable only by the server's user");
                    return null;
                } else if (o instanceof PEMKeyPair pair) {
                    keys.add(converter.getPrivateKey(pair.getPrivateKeyInfo()));
                } else if (o instanceof PrivateKeyInfo info) {
                    keys.add(converter.getPrivateKey(info));
                } else if (!(o instanceof ASN1ObjectIdentifier || o instanceof X9ECParameters || o instanceof X509CertificateHolder)) {
                    problems.add(PRIVATE_KEY + ": " + file + " — holds a PEM block that is not a private key");
                    return null;
                } // EC PARAMETERS (openssl ecparam -genkey) and certificates next to the key are left aside
            }
        } catch (IOException | RuntimeException e) { // the parser's message may quote the file
            problems.add(PRIVATE_KEY + ": " + file + " — is not a valid PEM private key file (a block cannot be decoded)");
            return null;
        }
        if (keys.size() != 1) {
            problems.add(PRIVATE_KEY + ": " + file + " — " + (keys.isEmpty()
                    ? "holds no unencrypted PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)"
                    : "holds " + keys.size() + " private keys; give exactly one"));
            return null;
        }
        return keys.get(0);
    }

    private static boolean isKey(Object o) {
        return o instanceof PEMKeyPair || o instanceof PrivateKeyInfo || o instanceof PEMEncryptedKeyPair
                || o instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    /** Why {@code key} is not the private half of {@code certified}; null when it is. */
    private static String mismatch(PrivateKey key, PublicKey certified) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA"; // ECDSA: the name BouncyCastle's provider gives, when a library installed it
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return "is a key of type " + key.getAlgorithm() + "; use an RSA, EC or Ed25519 key";
        }
        if (!family(key.getAlgorithm()).equals(family(certified.getAlgorithm()))) { // RSA, EC and EdDSA all take "an"
            return "is an " + family(key.getAlgorithm()) + " key, but the certificate holds an " + family(certified.getAlgorithm()) + " key";
        }
        byte[] probe = "logdump: does this key match the certificate?".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(certified);
            verify.update(probe);
            return verify.verify(signature) ? null : "does not match the certificate";
        } catch (GeneralSecurityException e) {
            return "does not match the certificate";
        }
    }

    private static String family(String algorithm) {
        return switch (algorithm) {
            case "Ed25519", "Ed448" -> "EdDSA";
            case "ECDSA" -> "EC";
            default -> algorithm;
        };
    }

    /** The file as text, or null with a problem; never more than {@link #MAX_BYTES}. */
    private static String read(Path file, String key, List<String> problems) {
        try {
            if (Files.isDirectory(file)) {
                problems.add(key + ": " + file + " — is a folder, not a file");
                return null;
            }
            if (Files.size(file) > MAX_BYTES) {
                problems.add(key + ": " + file + " — is larger than 1 MiB; a PEM file is a few KiB");
                return null;
            }
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            problems.add(key + ": " + file + " — does not exist");
        } catch (AccessDeniedException e) {
            problems.add(key + ": " + file + " — cannot be read (permission denied)");
        } catch (IOException e) {
            problems.add(key + ": " + file + " — cannot be read: " + e.getClass().getSimpleName());
        }
        return null;
    }
}

package io.logdump.testutil;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates and keys made at test time (BouncyCastle), as PEM text, and a client
 * {@link SSLContext} that trusts a given certificate. Every certificate names {@code localhost}
 * and {@code 127.0.0.1}.
 */
public final class Certificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key pair and the certificate issued for it. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
        public String certificatePem() {
            return pem(certificate);
        }

        /** PKCS#8: {@code -----BEGIN PRIVATE KEY-----}. */
        public String pkcs8KeyPem() {
            try {
                return pem(new JcaPKCS8Generator(keys.getPrivate(), null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** PKCS#8 encrypted with {@code password} (AES-256-CBC): {@code -----BEGIN ENCRYPTED PRIVATE KEY-----}. */
        public String encryptedPkcs8KeyPem(char[] password) {
            try {
                return pem(new JcaPKCS8Generator(keys.getPrivate(),
                        new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                                .setProvider(new BouncyCastleProvider()).setPassword(password).build())); // the JDK has no PKCS7Padding
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * The traditional form: PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) with
         * the curve and the public key in it, as {@code openssl ecparam -genkey} writes it.
         */
        public String traditionalKeyPem() {
            if (keys.getPrivate() instanceof ECPrivateKey ec) {
                AlgorithmIdentifier algorithm = PrivateKeyInfo.getInstance(ec.getEncoded()).getPrivateKeyAlgorithm();
                SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
                try {
                    return pem(new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(),
                            ec.getS(), new DERBitString(publicKey.getPublicKeyData().getBytes()), algorithm.getParameters()).getEncoded()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return pem(keys.getPrivate());
        }
    }

    private Certificates() {}

    /** A P-256 key pair. */
    public static KeyPair ecKeys() {
        return keys("EC");
    }

    /** A 2048-bit RSA key pair. */
    public static KeyPair rsaKeys() {
        return keys("RSA");
    }

    private static KeyPair keys(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate for {@code keys}, valid from {@code notBefore} to {@code notAfter}. */
    public static Issued selfSigned(KeyPair keys, Instant notBefore, Instant notAfter) {
        return new Issued(keys, issue("CN=localhost", keys, "CN=localhost", keys.getPrivate(), notBefore, notAfter, false));
    }

    /** A certificate authority: self-signed, allowed to issue certificates. */
    public static Issued authority(Instant notBefore, Instant notAfter) {
        KeyPair keys = ecKeys();
        return new Issued(keys, issue("CN=Logdump Test CA", keys, "CN=Logdump Test CA", keys.getPrivate(), notBefore, notAfter, true));
    }

    /** A server certificate for {@code keys} issued by {@code ca}. */
    public static Issued issuedBy(Issued ca, KeyPair keys, Instant notBefore, Instant notAfter) {
        return new Issued(keys, issue("CN=localhost", keys, "CN=Logdump Test CA", ca.keys().getPrivate(), notBefore, notAfter, false));
    }

    private static X509Certificate issue(String subject, KeyPair keys, String issuer, PrivateKey signingKey, Instant notBefore,
                                         Instant notAfter, boolean ca) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), new X500Name(subject), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!ca) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            String signature = signingKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(signingKey)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts {@code trusted} (a self-signed certificate or an authority) and nothing else. */
    public static SSLContext trusting(X509Certificate trusted) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("trusted", trusted);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM text of the given objects, in order. */
    public static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}

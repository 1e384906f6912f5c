package io.vigil.platform.security;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests: a CA, and server and client certificates it signs,
 * written as PKCS12 key stores and a trust store (BouncyCastle builds the certificates; nothing is
 * committed, everything is generated per run).
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;
  private final String password;
  private final KeyPair caKeys;
  private final X509Certificate caCert;

  public TestPki(Path dir, String password) throws Exception {
    this.dir = dir;
    this.password = password;
    this.caKeys = keyPair();
    this.caCert = sign("CN=Vigil Test CA", caKeys, caKeys.getPrivate(), null, true, null);
    Files.createDirectories(dir);
  }

  public String password() {
    return password;
  }

  /** A trust store holding the CA certificate. */
  public Path trustStore() throws Exception {
    Path p = dir.resolve("truststore.p12");
    if (!Files.exists(p)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("vigil-test-ca", caCert);
      store(ks, p);
    }
    return p;
  }

  /** A key store with a certificate for {@code 127.0.0.1} and {@code localhost}, CA-signed. */
  public Path serverKeyStore(String name) throws Exception {
    return keyStore(name, "CN=" + name, true);
  }

  /** A key store with a client certificate {@code CN=<name>}, CA-signed. */
  public Path clientKeyStore(String name) throws Exception {
    return keyStore(name, "CN=" + name, false);
  }

  private Path keyStore(String name, String dn, boolean server) throws Exception {
    KeyPair kp = keyPair();
    GeneralNames san =
        server
            ? new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.dNSName, "localhost"),
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                })
            : null;
    X509Certificate cert = sign(dn, kp, caKeys.getPrivate(), caCert, false, san);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(name, kp.getPrivate(), password.toCharArray(), new Certificate[] {cert, caCert});
    Path p = dir.resolve(name + ".p12");
    store(ks, p);
    return p;
  }

  private void store(KeyStore ks, Path p) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(p)) {
      ks.store(out, password.toCharArray());
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(
      String dn,
      KeyPair subject,
      PrivateKey issuerKey,
      X509Certificate issuer,
      boolean ca,
      GeneralNames san)
      throws Exception {
    Instant now = Instant.now();
    X500Name issuerName =
        issuer == null
            ? new X500Name(dn)
            : new X500Name(issuer.getSubjectX500Principal().getName());
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuerName,
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(2))),
            new X500Name(dn),
            subject.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (ca) {
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    }
    if (san != null) {
      b.addExtension(Extension.subjectAlternativeName, false, san);
    }
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
  }
}

package io.vigil.platform.http;

import io.vigil.platform.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The SSL contexts of {@link HttpSecurity.Tls}: the server's key store, the clients' trust. */
final class TlsContexts {
  private TlsContexts() {}

  /** The server side: the key store's key and certificate chain. */
  static SSLContext server(HttpSecurity.Tls tls) {
    Path file = Path.of(tls.keyStore());
    char[] password = chars(tls.keyStorePassword());
    try {
      KeyStore ks = load(file, tls.keyStoreType(), password);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      // the message names the file, never the password
      throw new IllegalStateException(
          "http.tls: cannot load the key store " + file + ": " + e.getMessage(), e);
    }
  }

  /** The client side: the trust store, or the JVM's default trust when none is configured. */
  static SSLContext client(HttpSecurity.Tls tls) {
    if (tls == null || tls.trustStore() == null) {
      try {
        return SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("no default TLS context in this JVM", e);
      }
    }
    Path file = Path.of(tls.trustStore());
    try {
      KeyStore ts = load(file, tls.trustStoreType(), chars(tls.trustStorePassword()));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "http.tls: cannot load the trust store " + file + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore load(Path file, String type, char[] password)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance(type);
      ks.load(in, password);
      return ks;
    }
  }

  private static char[] chars(Secret s) {
    return s == null ? null : s.reveal().toCharArray();
  }
}

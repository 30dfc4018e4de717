package io.logdump.api;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.security.KeyStore;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS for the API (Javalin 7 has no TLS option of its own, so these are Jetty connectors): the
 * API on {@code host:port} over TLS 1.2 or 1.3 only, every answer with
 * {@code Strict-Transport-Security: max-age=31536000}; and, when asked, a plain HTTP port whose
 * every request, whatever its method and path, gets a 308 to the same path and query on HTTPS
 * (after the Host check of {@link ServedHosts}: 421 for a name the server does not serve), so
 * that no API answer is ever sent in clear text.
 *
 * @param keyStore one key entry: the private key and its certificate chain
 * @param keyStorePassword the key store's and the entry's password
 * @param redirectHttpPort the plain HTTP port; 0 picks a free one; empty: none
 */
public record Https(KeyStore keyStore, String keyStorePassword, OptionalInt redirectHttpPort) {
    /** The only TLS versions offered: 1.0 and 1.1 are refused in the handshake. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final long HSTS_MAX_AGE_SECONDS = 31_536_000;
    private static final String SECURE = "https";
    private static final String REDIRECT = "https-redirect";

    @Override
    public String toString() {
        return "Https[redirectHttpPort=" + redirectHttpPort + "]";
    }

    /**
     * Adds the connectors to a Javalin configuration: HTTPS first, so that {@link Javalin#port()}
     * is the HTTPS port; then the redirecting one, if any.
     */
    void configure(JavalinConfig cfg, String host, int port, ServedHosts served) {
        cfg.jetty.modifyServer(server -> server.insertHandler(new Redirect(served)));
        cfg.jetty.addConnector((server, http) -> {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(keyStore);
            tls.setKeyStorePassword(keyStorePassword);
            tls.setIncludeProtocols(PROTOCOLS);
            HttpConfiguration secure = new HttpConfiguration(http);
            secure.setSecureScheme(SECURE);
            SecureRequestCustomizer customizer = new SecureRequestCustomizer();
            // which names a client may use is for ServedHosts (421), not a 400 from Jetty when the
            // certificate does not name the Host; a client checks the certificate itself
            customizer.setSniHostCheck(false);
            customizer.setStsMaxAge(HSTS_MAX_AGE_SECONDS, TimeUnit.SECONDS);
            secure.addCustomizer(customizer);
            ServerConnector connector = new ServerConnector(server,
                    new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(secure));
            connector.setName(SECURE);
            connector.setHost(host);
            connector.setPort(port);
            return connector;
        });
        redirectHttpPort.ifPresent(redirectPort -> cfg.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(new HttpConfiguration(http)));
            connector.setName(REDIRECT);
            connector.setHost(host);
            connector.setPort(redirectPort);
            return connector;
        }));
    }

    /** The port the redirecting connector of a started {@code app} listens on; empty without one. */
    public static OptionalInt redirectPort(Javalin app) {
        return localPort(app, REDIRECT);
    }

    private static OptionalInt localPort(Javalin app, String name) {
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector s && name.equals(s.getName())) {
                return OptionalInt.of(s.getLocalPort());
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Answers every request of the redirecting connector with a 308 to HTTPS, before any of the
     * API sees it; requests of the other connectors pass on. Thread-safe.
     */
    private static final class Redirect extends Handler.Wrapper {
        private final ServedHosts served;

        Redirect(ServedHosts served) {
            this.served = served;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Connector connector = request.getConnectionMetaData().getConnector();
            if (!REDIRECT.equals(connector.getName())) {
                return super.handle(request, response, callback);
            }
            if (!served.serves(request.getHeaders().get(HttpHeader.HOST))) {
                Response.writeError(request, response, callback, 421,
                        "this server does not answer to the host name in the Host header");
                return true;
            }
            int securePort = -1;
            for (Connector c : connector.getServer().getConnectors()) {
                if (c instanceof ServerConnector s && SECURE.equals(s.getName())) {
                    securePort = s.getLocalPort();
                }
            }
            String location = URIUtil.newURI(SECURE, Request.getServerName(request), securePort,
                    request.getHttpURI().getPath(), request.getHttpURI().getQuery());
            Response.sendRedirect(request, response, callback, 308, location, true);
            return true;
        }
    }
}

package org.credentialcourier.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.ServletException;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.http.MimeHeaders;
import org.credentialcourier.limits.ClientAddress;
import org.credentialcourier.limits.RequestLimits;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * {@code X-Forwarded-*} headers are believed from the configured proxies only ({@code courier.requests.trusted-proxies},
 * none by default), never from any loopback or private address as Tomcat's defaults would. A valve in front of
 * Tomcat's {@link RemoteIpValve} removes every forwarded header a stranger sends and, from a trusted proxy, replaces
 * {@code X-Forwarded-For} with the one client address {@link ClientAddress#resolve} finds (or removes it when an
 * entry is not an address literal); the RemoteIpValve then applies it and {@code X-Forwarded-Proto} as before.
 */
@Configuration(proxyBeanMethods = false)
public class ForwardedHeaders {

    private static final List<String> FORWARDED = List.of("x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-by", "forwarded");

    @Bean
    TrustedProxiesOnly trustedProxiesOnly(RequestLimits limits) {
        return new TrustedProxiesOnly(limits.trustedProxies().stream().map(ClientAddress.Cidr::parse).toList());
    }

    /** Puts the valve in front of the RemoteIpValve, after Spring Boot's own customizer has added that one. */
    static final class TrustedProxiesOnly implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        private final List<ClientAddress.Cidr> trusted;

        TrustedProxiesOnly(List<ClientAddress.Cidr> trusted) {
            this.trusted = trusted;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            List<Valve> valves = new ArrayList<>();
            valves.add(new TrustedProxiesValve(trusted));
            for (Valve valve : factory.getEngineValves()) {
                if (valve instanceof RemoteIpValve remoteIp) {
                    // the valve above has decided whom to believe: whatever reaches this one is believed
                    remoteIp.setInternalProxies(".*");
                    remoteIp.setTrustedProxies(null);
                }
                valves.add(valve);
            }
            factory.setEngineValves(valves);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Strips forwarded headers from strangers and reduces a trusted proxy's X-Forwarded-For to one address. */
    static final class TrustedProxiesValve extends ValveBase {

        private final List<ClientAddress.Cidr> trusted;

        TrustedProxiesValve(List<ClientAddress.Cidr> trusted) {
            super(true);
            this.trusted = List.copyOf(trusted);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            MimeHeaders headers = request.getCoyoteRequest().getMimeHeaders();
            String peer = request.getRemoteAddr();
            if (!ClientAddress.trusted(peer, trusted)) {
                FORWARDED.forEach(headers::removeHeader);
            } else {
                List<String> forwardedFor = Collections.list(request.getHeaders("X-Forwarded-For"));
                headers.removeHeader("x-forwarded-for");
                if (!forwardedFor.isEmpty()) {
                    String client = ClientAddress.resolve(peer, forwardedFor, trusted);
                    if (!client.equals(peer)) {
                        headers.addValue("X-Forwarded-For").setString(client);
                    }
                }
            }
            getNext().invoke(request, response);
        }
    }
}

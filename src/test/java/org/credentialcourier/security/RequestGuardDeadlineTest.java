package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import org.credentialcourier.limits.RequestLimits;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/**
 * The body deadline bounds how long a body takes to arrive, not how long the server works before it reads it: under
 * load, sixteen API requests each verifying an Argon2 hash before their JSON was read all got 408 (a CI run at a load
 * average of 23), although every byte had arrived long before.
 */
class RequestGuardDeadlineTest {

    private static final Duration DEADLINE = Duration.ofMillis(300);

    private final RequestGuard.Filter filter = new RequestGuard.Filter(new RequestLimits(List.of(),
            DataSize.ofKilobytes(32), DEADLINE, 20, 2, 0, Duration.ofMillis(500), DataSize.ofMegabytes(1), 5, Duration.ofSeconds(2)));

    @Test
    void serverWorkBeforeTheBodyIsReadDoesNotCount() throws Exception {
        MockHttpServletRequest request = jsonPost(new ByteArrayInputStream("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        MockHttpServletResponse response = new MockHttpServletResponse();
        String[] read = new String[1];
        FilterChain slowServer = (req, res) -> {
            sleep(DEADLINE.multipliedBy(2));
            read[0] = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        };

        filter.doFilter(request, response, slowServer);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(read[0]).isEqualTo("{\"a\":1}");
    }

    @Test
    void aBodyThatTricklesPastTheDeadlineIsCutOff() throws Exception {
        InputStream trickle = new InputStream() {
            private int left = 20;

            @Override
            public int read() {
                if (left-- == 0) {
                    return -1;
                }
                sleep(DEADLINE.dividedBy(5));
                return 'a';
            }
        };
        MockHttpServletRequest request = jsonPost(trickle);
        MockHttpServletResponse response = new MockHttpServletResponse();
        boolean[] finished = {false};

        filter.doFilter(request, response, (req, res) -> {
            req.getInputStream().readAllBytes();
            finished[0] = true;
        });

        assertThat(response.getStatus()).isEqualTo(408);
        assertThat(finished[0]).as("the application never sees the rest of a body past the deadline").isFalse();
    }

    private static MockHttpServletRequest jsonPost(InputStream body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/contacts") {
            @Override
            public ServletInputStream getInputStream() {
                return new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        return body.read();
                    }

                    @Override
                    public boolean isFinished() {
                        return false;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
        };
        request.setServletPath("/api/contacts");
        request.setContentType("application/json");
        request.setRemoteAddr("192.0.2.7");
        return request;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

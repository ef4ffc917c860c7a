package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

/** The small parts of {@link AdminDoorTest}'s fixes, on their own: no application, no HTTP. */
class AdminDoorPartsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://evil.example:8091/admin/contacts?continue | /admin/contacts?continue
            https://evil.example/admin/sign-in?error#x       | /admin/sign-in?error#x
            //evil.example/admin                             | /admin
            /admin/invitations                               | /admin/invitations
            http://evil.example                              | /
            not a uri at all                                 | /
            """)
    void redirectsKeepThePathOnly(String url, String expected) {
        assertThat(RelativeRedirectStrategy.relative(new MockHttpServletRequest(), url)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] username = [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            username=bob&password=x          | bob
            password=x&username=b%C3%B6b     | böb
            username=a&username=b            | a
            user=bob                         | NULL
            username=%zz                     | NULL
            username                         | ''
            """)
    void theWebappLoginFormIsReadAsJaxRsReadsIt(String form, String user) {
        assertThat(WebappLoginThrottle.formValue(form, "username")).isEqualTo(user);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://courier.example.test/         | https://courier.example.test
            HTTPS://Courier.Example.Test:443/x    | https://courier.example.test
            http://localhost:8080                 | http://localhost:8080
            """)
    void theOwnOriginIsSchemeHostAndPort(String url, String origin) {
        assertThat(CrossSiteRequestFilter.originOf(URI.create(url))).isEqualTo(origin);
    }
}

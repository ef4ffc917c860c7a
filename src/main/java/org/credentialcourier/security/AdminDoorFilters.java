package org.credentialcourier.security;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.web.servlet.filter.OrderedRequestContextFilter;
import org.springframework.core.Ordered;
import org.springframework.web.filter.RequestContextFilter;

/**
 * Servlet filters for the doors Spring Security does not guard by itself: odd paths before anything parses them
 * ({@link RequestPathGuard}), the Camunda webapps' login ({@link WebappLoginThrottle}, {@link WebappLoginKeepsSession}),
 * and Camunda's password check endpoint ({@link PasswordOracleRefusal}).
 */
@Configuration(proxyBeanMethods = false)
public class AdminDoorFilters {

    @Bean
    FilterRegistrationBean<RequestPathGuard> requestPathGuard() {
        FilterRegistrationBean<RequestPathGuard> registration = new FilterRegistrationBean<>(new RequestPathGuard());
        registration.addUrlPatterns("/*");
        // before Spring's request-path parsing and Spring Security's filter chain (order -100)
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * The request in {@code RequestContextHolder} before Spring Security runs, so that {@link
     * CamundaIdentityAuthenticationProvider} knows the client. Spring Boot's web MVC would register this filter at
     * order -105; the Jersey starter (the engine's REST API) registers it instead, last of all, after Spring Security.
     */
    @Bean
    FilterRegistrationBean<RequestContextFilter> courierRequestContextFilter() {
        FilterRegistrationBean<RequestContextFilter> registration = new FilterRegistrationBean<>(
                new OrderedRequestContextFilter());
        registration.setOrder(-105);
        return registration;
    }

    @Bean
    FilterRegistrationBean<WebappLoginThrottle> webappLoginThrottle(LoginThrottle throttle) {
        FilterRegistrationBean<WebappLoginThrottle> registration = new FilterRegistrationBean<>(
                new WebappLoginThrottle(throttle));
        registration.addUrlPatterns("/camunda/api/admin/auth/user/*");
        // after Spring Security (-100), before the webapps' own filters and their login resource
        registration.setOrder(-90);
        return registration;
    }

    @Bean
    FilterRegistrationBean<WebappLoginKeepsSession> webappLoginKeepsSession() {
        FilterRegistrationBean<WebappLoginKeepsSession> registration = new FilterRegistrationBean<>(
                new WebappLoginKeepsSession());
        registration.addUrlPatterns("/camunda/api/admin/auth/user/*");
        // right after the throttle: a throttled login never reaches Camunda and keeps its session anyway
        registration.setOrder(-89);
        return registration;
    }

    @Bean
    FilterRegistrationBean<PasswordOracleRefusal> passwordOracleRefusal() {
        FilterRegistrationBean<PasswordOracleRefusal> registration = new FilterRegistrationBean<>(
                new PasswordOracleRefusal());
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
        // after Spring Security (a stranger gets 401 first), before EngineRestAuthentication (0) and the webapps
        registration.setOrder(-1);
        return registration;
    }
}

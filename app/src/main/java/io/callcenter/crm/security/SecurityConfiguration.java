package io.callcenter.crm.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.spring.security.VaadinWebSecurity;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.ui.LoginView;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.savedrequest.NullRequestCache;

import java.io.IOException;

/**
 * Two doors: {@code /api/**} answers HTTP Basic (or the console's session) and says 401/403 as
 * problem JSON, never a redirect; everything else is the Vaadin console behind a login form.
 */
@EnableWebSecurity
@Configuration
class SecurityConfiguration extends VaadinWebSecurity {

    @Bean
    PasswordEncoder passwordEncoder(Users users) {
        return users.passwordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"crm\"");
            problem(response, json, HttpStatus.UNAUTHORIZED, "Log in with HTTP Basic (or the console's session) to use the API.");
        };
        AccessDeniedHandler forbidden = (request, response, e) ->
                problem(response, json, HttpStatus.FORBIDDEN, "Your role does not allow this.");
        http.securityMatcher("/api/**", "/v3/api-docs/**", "/v3/api-docs", "/actuator/**", "/ws", "/ws/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                // an API client is not a browser to send back to a saved page; no session for refusals
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                // API clients send credentials on every request; the console session cookie is SameSite=Lax,
                // so a forged cross-site POST does not carry it
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Override
    protected void configure(HttpSecurity http) throws Exception {
        super.configure(http);
        setLoginView(http, LoginView.class);
    }

    private static void problem(HttpServletResponse response, ObjectMapper json, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}

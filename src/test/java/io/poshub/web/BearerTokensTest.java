package io.poshub.web;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.poshub.support.HubTest;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * People signed in at the chain's identity provider (OpenID Connect): the hub finds the provider's keys through its
 * discovery document (served here by WireMock, as a provider serves them), takes a token signed by one of them, in
 * date and of that issuer, and gives the role its {@code roles} claim names; any other token is a 401.
 */
class BearerTokensTest extends HubTest {

    private static WireMockServer provider;
    private static RSAKey key;

    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) throws IOException, JOSEException {
        hub(registry, Settings.defaults());
        key = new RSAKeyGenerator(2048).keyID("chain-1").generate();
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        String issuer = "http://localhost:" + provider.port() + "/realms/chain";
        provider.stubFor(get("/realms/chain/.well-known/openid-configuration").willReturn(okJson(
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/keys\",\"subject_types_supported\":[\"public\"]}")));
        provider.stubFor(get("/realms/chain/keys").willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
        registry.add("poshub.security.oidc.issuer-uri", () -> issuer);
    }

    @AfterAll
    static void stopProvider() {
        provider.stop();
    }

    @Test
    void aTokenOfTheIssuerGivesTheRoleItsClaimNames() throws Exception {
        String viewer = token(key, issuer(), List.of("viewer"), Instant.now().plusSeconds(300));
        assertThat(call(viewer, HttpMethod.GET, "/api/feeds", null)).isEqualTo(HttpStatus.OK);
        assertThat(call(viewer, HttpMethod.POST, "/api/till-keys", "{\"merchant\":\"demo\",\"store\":\"001\",\"label\":\"t\"}"))
                .isEqualTo(HttpStatus.FORBIDDEN);

        String admin = token(key, issuer(), List.of("offline_access", "OPERATOR", "ADMIN"), Instant.now().plusSeconds(300));
        assertThat(call(admin, HttpMethod.POST, "/api/till-keys", "{\"merchant\":\"demo\",\"store\":\"001\",\"label\":\"oidc\"}"))
                .isEqualTo(HttpStatus.CREATED);

        String nobody = token(key, issuer(), List.of("offline_access"), Instant.now().plusSeconds(300));
        assertThat(call(nobody, HttpMethod.GET, "/api/feeds", null)).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aTokenNotSignedByTheIssuerOutOfDateOrOfAnotherIssuerIsRefused() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("chain-1").generate();
        assertThat(call(token(stranger, issuer(), List.of("ADMIN"), Instant.now().plusSeconds(300)), HttpMethod.GET, "/api/feeds", null))
                .as("signed by another key under the same key id").isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(call(token(key, issuer(), List.of("ADMIN"), Instant.now().minusSeconds(300)), HttpMethod.GET, "/api/feeds", null))
                .as("expired five minutes ago").isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(call(token(key, "https://other.example/realms/chain", List.of("ADMIN"), Instant.now().plusSeconds(300)),
                HttpMethod.GET, "/api/feeds", null)).as("of another issuer").isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(call("not.a.token", HttpMethod.GET, "/api/feeds", null)).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private static String issuer() {
        return "http://localhost:" + provider.port() + "/realms/chain";
    }

    private static String token(RSAKey signer, String issuer, List<String> roles, Instant expires) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("f3b1c2").claim("preferred_username", "kari")
                .claim("roles", roles).issueTime(Date.from(expires.minusSeconds(600))).expirationTime(Date.from(expires)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private HttpStatus call(String token, HttpMethod method, String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        if (json != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return HttpStatus.valueOf(http.exchange(path, method, new HttpEntity<>(json, headers), String.class).getStatusCode().value());
    }
}

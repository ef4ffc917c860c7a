package org.credentialcourier.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

import org.credentialcourier.support.CourierTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The signing keys in the database: the private key is stored encrypted (a dump alone signs nothing, another secret
 * decrypts nothing), and a rotation publishes the new key beside the old one, so a token signed before it still
 * validates until the old key is retired.
 */
@CourierTest
class SigningKeysTest {

    @Autowired SigningKeys keys;
    @Autowired JdbcClient jdbc;
    @Autowired ProviderProperties properties;

    @Test
    void thePrivateKeyIsStoredEncryptedUnderTheSecret() throws Exception {
        RSAKey signing = keys.keys().get(0);
        byte[] plain = signing.toRSAPrivateKey().getEncoded();
        String stored = jdbc.sql("SELECT private_key FROM provider_signing_key WHERE key_id = :id")
                .param("id", signing.getKeyID()).query(String.class).single();
        assertThat(stored).doesNotContain(Base64.getEncoder().encodeToString(plain).substring(0, 64));
        assertThat(Base64.getDecoder().decode(stored)).isNotEqualTo(plain);
        assertThat(new KeyCipher(properties.keyEncryptionSecret()).decrypt(stored, signing.getKeyID())).isEqualTo(plain);
        assertThatThrownBy(() -> new KeyCipher("another secret of at least thirty-two characters")
                .decrypt(stored, signing.getKeyID())).isInstanceOf(IllegalStateException.class);
        // nor does it decrypt as another key's
        assertThatThrownBy(() -> new KeyCipher(properties.keyEncryptionSecret()).decrypt(stored, "another-key"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRotationPublishesTheNewKeyBesideTheOldUntilTheOldIsRetired() throws Exception {
        String old = keys.signingKeyId();
        String signedBefore = sign(old);

        String rotated = keys.rotate("demo");
        assertThat(keys.signingKeyId()).isEqualTo(rotated);
        assertThat(published()).contains(old, rotated);
        assertThat(verifies(signedBefore)).as("a token signed before the rotation").isTrue();
        assertThat(keys.retire(rotated, "demo")).as("the key that signs cannot be retired").isFalse();

        assertThat(keys.retire(old, "demo")).isTrue();
        assertThat(published()).doesNotContain(old).contains(rotated);
        assertThat(verifies(signedBefore)).as("a token of a retired key").isFalse();
    }

    private List<String> published() {
        return keys.keys().stream().map(JWK::getKeyID).toList();
    }

    private String sign(String keyId) {
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).build();
        JwtClaimsSet claims = JwtClaimsSet.builder().subject("someone").issuedAt(Instant.now()).build();
        return new NimbusJwtEncoder(keys).encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    /** Verified with the key set as published (public parts only), as a portal would. */
    private boolean verifies(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = keys.keys().stream().filter(k -> k.getKeyID().equals(jwt.getHeader().getKeyID())).findFirst()
                .orElse(null);
        return key != null && jwt.verify(new RSASSAVerifier(key.toPublicJWK().toRSAKey()));
    }
}

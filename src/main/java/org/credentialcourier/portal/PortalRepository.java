package org.credentialcourier.portal;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The portals registered in the console: one row each, the secret as its hash only. */
@Repository
class PortalRepository {

    private final JdbcClient jdbc;

    PortalRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<PortalProperties.Portal> all() {
        return jdbc.sql("""
                        SELECT client_id, name, secret_hash, redirect_uris, post_logout_redirect_uris, start_page
                        FROM portal ORDER BY name, client_id""")
                .query(PortalRepository::portal).list();
    }

    void insert(PortalProperties.Portal portal, String actor, Instant at) {
        jdbc.sql("""
                        INSERT INTO portal (client_id, name, secret_hash, redirect_uris, post_logout_redirect_uris,
                                            start_page, registered_by, registered_at)
                        VALUES (:clientId, :name, :secretHash, :redirectUris, :postLogout, :startPage, :actor, :at)""")
                .param("clientId", portal.clientId()).param("name", portal.name())
                .param("secretHash", portal.secretHash()).param("redirectUris", lines(portal.redirectUris()))
                .param("postLogout", lines(portal.postLogoutRedirectUris()))
                .param("startPage", portal.startPage() == null ? null : portal.startPage().toString())
                .param("actor", actor).param("at", Timestamp.from(at)).update();
    }

    /** A console portal, its row locked until the transaction ends: two admins' changes follow one another. */
    Optional<PortalProperties.Portal> lock(String clientId) {
        return jdbc.sql("""
                        SELECT client_id, name, secret_hash, redirect_uris, post_logout_redirect_uris, start_page
                        FROM portal WHERE client_id = :clientId FOR UPDATE""")
                .param("clientId", clientId).query(PortalRepository::portal).optional();
    }

    void update(PortalProperties.Portal portal) {
        jdbc.sql("""
                        UPDATE portal SET name = :name, secret_hash = :secretHash, redirect_uris = :redirectUris,
                                          post_logout_redirect_uris = :postLogout, start_page = :startPage
                        WHERE client_id = :clientId""")
                .param("clientId", portal.clientId()).param("name", portal.name())
                .param("secretHash", portal.secretHash()).param("redirectUris", lines(portal.redirectUris()))
                .param("postLogout", lines(portal.postLogoutRedirectUris()))
                .param("startPage", portal.startPage() == null ? null : portal.startPage().toString()).update();
    }

    void delete(String clientId) {
        jdbc.sql("DELETE FROM portal WHERE client_id = :clientId").param("clientId", clientId).update();
    }

    private static PortalProperties.Portal portal(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new PortalProperties.Portal(rs.getString("client_id"), rs.getString("name"),
                rs.getString("secret_hash"), addresses(rs.getString("redirect_uris")),
                addresses(rs.getString("post_logout_redirect_uris")),
                rs.getString("start_page") == null ? null : URI.create(rs.getString("start_page")));
    }

    private static String lines(List<URI> addresses) {
        return addresses.stream().map(URI::toString).collect(Collectors.joining("\n"));
    }

    private static List<URI> addresses(String lines) {
        return lines == null || lines.isBlank() ? List.of()
                : Arrays.stream(lines.split("\n")).map(URI::create).toList();
    }
}

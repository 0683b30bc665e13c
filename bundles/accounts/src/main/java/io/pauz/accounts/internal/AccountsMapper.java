package io.pauz.accounts.internal;

import java.time.Instant;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * SQL of the accounts feature; every statement names the user it concerns. Nullable parameters carry
 * their JDBC type: Derby accepts no untyped null.
 */
public interface AccountsMapper {
    String USER_COLUMNS = "id, email, name, picture_url AS pictureUrl, preferences, password_hash AS passwordHash, "
            + "created_at AS createdAt, last_active AS lastActive";

    @Insert("INSERT INTO users (id, email, name, picture_url, preferences, password_hash, created_at, last_active) "
            + "VALUES (#{id}, #{email}, #{name,jdbcType=VARCHAR}, #{pictureUrl,jdbcType=VARCHAR}, #{preferences,jdbcType=CLOB}, "
            + "#{passwordHash,jdbcType=VARCHAR}, #{createdAt}, #{lastActive})")
    void insertUser(UserRow user);

    @Select("SELECT " + USER_COLUMNS + " FROM users WHERE id = #{id}")
    UserRow userById(String id);

    @Select("SELECT id FROM users ORDER BY created_at, id")
    java.util.List<String> userIds();

    @Select("SELECT " + USER_COLUMNS + " FROM users WHERE email = #{email}")
    UserRow userByEmail(String email);

    @Update("UPDATE users SET name = #{name,jdbcType=VARCHAR}, picture_url = #{pictureUrl,jdbcType=VARCHAR} WHERE id = #{id}")
    int updateProfile(@Param("id") String id, @Param("name") String name, @Param("pictureUrl") String pictureUrl);

    @Update("UPDATE users SET preferences = #{preferences,jdbcType=CLOB} WHERE id = #{id}")
    int updatePreferences(@Param("id") String id, @Param("preferences") String preferences);

    @Update("UPDATE users SET last_active = #{at} WHERE id = #{id}")
    int touch(@Param("id") String id, @Param("at") Instant at);

    @Insert("INSERT INTO user_identities (provider, subject, user_id, created_at) VALUES (#{provider}, #{subject}, #{userId}, #{at})")
    void insertIdentity(@Param("provider") String provider, @Param("subject") String subject,
            @Param("userId") String userId, @Param("at") Instant at);

    @Select("SELECT user_id FROM user_identities WHERE provider = #{provider} AND subject = #{subject}")
    String userIdByIdentity(@Param("provider") String provider, @Param("subject") String subject);

    @Insert("INSERT INTO user_sessions (id, user_id, token_hash, provider, created_at, expires_at) "
            + "VALUES (#{id}, #{userId}, #{tokenHash}, #{provider}, #{createdAt}, #{expiresAt})")
    void insertSession(SessionRow session);

    @Select("SELECT s.id, s.user_id AS userId, s.token_hash AS tokenHash, s.provider, s.created_at AS createdAt, "
            + "s.expires_at AS expiresAt, s.revoked_at AS revokedAt, u.email, u.name "
            + "FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = #{tokenHash}")
    SessionRow sessionByTokenHash(String tokenHash);

    @Update("UPDATE user_sessions SET revoked_at = #{at} WHERE id = #{id} AND user_id = #{userId} AND revoked_at IS NULL")
    int revokeSession(@Param("id") String id, @Param("userId") String userId, @Param("at") Instant at);
}

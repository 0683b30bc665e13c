package io.pauz.guided.internal;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import io.pauz.support.KeysetCursor;

/**
 * SQL of guided sessions. Every statement names the user, so a wrong id can never reach another user's row.
 * Nullable parameters carry their JDBC type: Derby accepts no untyped null.
 */
public interface GuidedMapper {
    String SUMMARY = "id, user_id AS userId, topic, pack, topic_title AS topicTitle, prompt_count AS promptCount, "
            + "answered_count AS answeredCount, completion_percentage AS completionPercentage, mood_score AS moodScore, "
            + "mood_label AS moodLabel, status, started_at AS startedAt, updated_at AS updatedAt, completed_at AS completedAt";

    @Insert("INSERT INTO guided_journal_sessions (id, user_id, topic, pack, topic_title, prompt_count, answered_count, "
            + "completion_percentage, status, started_at, updated_at) VALUES (#{id}, #{userId}, #{topic}, #{pack}, "
            + "#{topicTitle,jdbcType=VARCHAR}, #{promptCount}, #{answeredCount}, #{completionPercentage}, #{status}, "
            + "#{startedAt}, #{updatedAt})")
    void insert(SessionRow row);

    /** A session restored from an export: it arrives with its progress, mood and times. */
    @Insert("INSERT INTO guided_journal_sessions (id, user_id, topic, pack, topic_title, prompt_count, answered_count, "
            + "completion_percentage, mood_score, mood_label, mood_analysis, status, started_at, updated_at, completed_at, "
            + "external_id) VALUES (#{id}, #{userId}, #{topic}, #{pack}, #{topicTitle,jdbcType=VARCHAR}, #{promptCount}, "
            + "#{answeredCount}, #{completionPercentage}, #{moodScore,jdbcType=DOUBLE}, #{moodLabel,jdbcType=VARCHAR}, "
            + "#{moodAnalysis,jdbcType=CLOB}, #{status}, #{startedAt}, #{updatedAt}, #{completedAt,jdbcType=TIMESTAMP}, "
            + "#{externalId,jdbcType=VARCHAR})")
    void insertImported(SessionRow row);

    @Select("SELECT COUNT(*) FROM guided_journal_sessions WHERE user_id = #{userId} AND external_id = #{externalId}")
    int countExternal(@Param("userId") String userId, @Param("externalId") String externalId);

    /** The user's sessions started in [from, to), oldest first; either bound may be null. */
    @Select({ "<script>",
            "SELECT " + SUMMARY + ", mood_analysis AS moodAnalysis FROM guided_journal_sessions WHERE user_id = #{userId}",
            "<if test='from != null'> AND started_at &gt;= #{from}</if>",
            "<if test='to != null'> AND started_at &lt; #{to}</if>",
            " ORDER BY started_at, id",
            "</script>" })
    List<SessionRow> range(@Param("userId") String userId, @Param("from") Instant from, @Param("to") Instant to);

    @Select("SELECT " + SUMMARY + ", mood_analysis AS moodAnalysis FROM guided_journal_sessions "
            + "WHERE user_id = #{userId} AND id = #{id}")
    SessionRow find(@Param("userId") String userId, @Param("id") String id);

    /**
     * Takes the row's write lock until commit (a no-op update locks exclusively under every isolation level), so
     * changes to one session take turns. 0: no such session for this user.
     */
    @Update("UPDATE guided_journal_sessions SET updated_at = updated_at WHERE user_id = #{userId} AND id = #{id}")
    int lock(@Param("userId") String userId, @Param("id") String id);

    @Update("UPDATE guided_journal_sessions SET answered_count = #{answered}, completion_percentage = #{percentage}, "
            + "updated_at = #{at} WHERE user_id = #{userId} AND id = #{id} AND status = 'active'")
    int updateProgress(@Param("userId") String userId, @Param("id") String id, @Param("answered") int answered,
            @Param("percentage") int percentage, @Param("at") Instant at);

    @Update("UPDATE guided_journal_sessions SET status = 'completed', completion_percentage = #{percentage}, "
            + "mood_score = #{score,jdbcType=DOUBLE}, mood_label = #{label,jdbcType=VARCHAR}, "
            + "mood_analysis = #{analysis,jdbcType=CLOB}, updated_at = #{at}, completed_at = #{at} "
            + "WHERE user_id = #{userId} AND id = #{id} AND status = 'active'")
    int complete(@Param("userId") String userId, @Param("id") String id, @Param("percentage") int percentage,
            @Param("score") Double score, @Param("label") String label, @Param("analysis") String analysis,
            @Param("at") Instant at);

    @Delete("DELETE FROM guided_journal_sessions WHERE user_id = #{userId} AND id = #{id}")
    int delete(@Param("userId") String userId, @Param("id") String id);

    /** A page of the user's sessions, newest first, optionally of one status. */
    @Select({ "<script>",
            "SELECT " + SUMMARY + " FROM guided_journal_sessions WHERE user_id = #{userId}",
            "<if test='status != null'> AND status = #{status}</if>",
            "<if test='after != null'> AND (started_at &lt; #{after.at} OR (started_at = #{after.at} AND id &lt; #{after.id}))</if>",
            " ORDER BY started_at DESC, id DESC FETCH FIRST #{limit} ROWS ONLY",
            "</script>" })
    List<SessionRow> page(@Param("userId") String userId, @Param("status") String status,
            @Param("after") KeysetCursor after, @Param("limit") int limit);
}

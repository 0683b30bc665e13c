package io.pauz.stats.internal;

import java.sql.Date;
import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/**
 * SQL of the rollups. Every statement names the user, so one user's figures never reach another's.
 * Nullable parameters carry their JDBC type: Derby accepts no untyped null.
 */
public interface StatsMapper {
    String DAY = "user_id AS userId, day, zone, journals_written AS journalsWritten, total_words AS totalWords, "
            + "dominant_mood AS dominantMood, mood_sum AS moodSum, mood_count AS moodCount, voice_entries AS voiceEntries, "
            + "guided_started AS guidedStarted, guided_completed AS guidedCompleted, engagement_score AS engagementScore";
    String COUNT = "user_id AS userId, day, kind, name, title, total";

    @Insert("INSERT INTO user_analytics (user_id, day, zone, journals_written, total_words, dominant_mood, mood_sum, "
            + "mood_count, voice_entries, guided_started, guided_completed, engagement_score, updated_at) VALUES "
            + "(#{r.userId}, #{r.day}, #{r.zone}, #{r.journalsWritten}, #{r.totalWords}, #{r.dominantMood,jdbcType=VARCHAR}, "
            + "#{r.moodSum}, #{r.moodCount}, #{r.voiceEntries}, #{r.guidedStarted}, #{r.guidedCompleted}, "
            + "#{r.engagementScore}, #{at})")
    void insertDay(@Param("r") DayRow row, @Param("at") Instant at);

    @Insert("INSERT INTO user_analytics_counts (user_id, day, kind, name, title, total) VALUES "
            + "(#{userId}, #{day}, #{kind}, #{name}, #{title,jdbcType=VARCHAR}, #{total})")
    void insertCount(CountRow row);

    @Delete("DELETE FROM user_analytics WHERE user_id = #{userId} AND day = #{day}")
    int deleteDay(@Param("userId") String userId, @Param("day") Date day);

    @Delete("DELETE FROM user_analytics_counts WHERE user_id = #{userId} AND day = #{day}")
    int deleteDayCounts(@Param("userId") String userId, @Param("day") Date day);

    @Delete("DELETE FROM user_analytics WHERE user_id = #{userId}")
    int deleteUser(@Param("userId") String userId);

    @Delete("DELETE FROM user_analytics_counts WHERE user_id = #{userId}")
    int deleteUserCounts(@Param("userId") String userId);

    /** The user's days in {@code [from, to]} (either may be null), oldest first. */
    @Select({ "<script>", "SELECT " + DAY + " FROM user_analytics WHERE user_id = #{userId}",
            "<if test='from != null'> AND day &gt;= #{from}</if>", "<if test='to != null'> AND day &lt;= #{to}</if>",
            " ORDER BY day", "</script>" })
    List<DayRow> days(@Param("userId") String userId, @Param("from") Date from, @Param("to") Date to);

    @Select({ "<script>", "SELECT " + COUNT + " FROM user_analytics_counts WHERE user_id = #{userId}",
            "<if test='from != null'> AND day &gt;= #{from}</if>", "<if test='to != null'> AND day &lt;= #{to}</if>",
            " ORDER BY day, kind, name", "</script>" })
    List<CountRow> counts(@Param("userId") String userId, @Param("from") Date from, @Param("to") Date to);

    /** Days with at least one entry, oldest first: what streaks are made of. */
    @Select("SELECT day FROM user_analytics WHERE user_id = #{userId} AND journals_written > 0 ORDER BY day")
    List<Date> writingDays(@Param("userId") String userId);

    /** Rows computed in another time zone than the user's current one (the user moved): the user needs a rebuild. */
    @Select("SELECT COUNT(*) FROM user_analytics WHERE user_id = #{userId} AND zone <> #{zone}")
    int otherZoneRows(@Param("userId") String userId, @Param("zone") String zone);

    @Select("SELECT COUNT(*) FROM stats_state WHERE name = #{name}")
    int hasState(@Param("name") String name);

    @Insert("INSERT INTO stats_state (name, set_at) VALUES (#{name}, #{at})")
    void setState(@Param("name") String name, @Param("at") Instant at);

    @Select("SELECT DISTINCT user_id FROM user_analytics ORDER BY user_id")
    List<String> users();

    /** Users with any activity on a day in {@code [from, to]}. */
    @Select("SELECT DISTINCT user_id FROM user_analytics WHERE day >= #{from} AND day <= #{to} ORDER BY user_id")
    List<String> activeUsers(@Param("from") Date from, @Param("to") Date to);
}

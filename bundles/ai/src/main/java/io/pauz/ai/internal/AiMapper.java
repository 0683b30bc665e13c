package io.pauz.ai.internal;

import java.sql.Date;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * SQL of {@code ai_performance}: one row per model, prompt type and UTC day. Updates add to the counters and
 * recompute the rates in the same statement (Derby, like the standard, evaluates every right-hand side
 * against the old row), so concurrent calls never lose an increment.
 */
public interface AiMapper {
    String COLUMNS = "model_name AS modelName, prompt_type AS promptType, date, calls, successes, total_ms AS totalMs, "
            + "ratings_count AS ratingsCount, ratings_sum AS ratingsSum, success_rate AS successRate, "
            + "average_response_time AS averageResponseTime, user_satisfaction_score AS userSatisfactionScore";

    @Update("UPDATE ai_performance SET calls = calls + 1, successes = successes + #{ok}, total_ms = total_ms + #{ms}, "
            + "success_rate = CAST(successes + #{ok} AS DOUBLE) / (calls + 1), "
            + "average_response_time = CAST(total_ms + #{ms} AS DOUBLE) / (calls + 1) "
            + "WHERE model_name = #{model} AND prompt_type = #{type} AND date = #{date}")
    int addCall(@Param("model") String model, @Param("type") String type, @Param("date") Date date, @Param("ok") int ok,
            @Param("ms") long ms);

    @Update("UPDATE ai_performance SET ratings_count = ratings_count + #{countDelta}, ratings_sum = ratings_sum + #{sumDelta}, "
            + "user_satisfaction_score = CAST(ratings_sum + #{sumDelta} AS DOUBLE) / (ratings_count + #{countDelta}) "
            + "WHERE model_name = #{model} AND prompt_type = #{type} AND date = #{date} AND ratings_count + #{countDelta} > 0")
    int addRating(@Param("model") String model, @Param("type") String type, @Param("date") Date date,
            @Param("countDelta") int countDelta, @Param("sumDelta") int sumDelta);

    /** An empty row for a new day; a concurrent insert of the same row fails on the primary key and the caller updates. */
    @Insert("INSERT INTO ai_performance (model_name, prompt_type, date, calls, successes, total_ms, ratings_count, ratings_sum) "
            + "VALUES (#{model}, #{type}, #{date}, 0, 0, 0, 0, 0)")
    void insertRow(@Param("model") String model, @Param("type") String type, @Param("date") Date date);

    @Select("SELECT " + COLUMNS + " FROM ai_performance WHERE date >= #{from} ORDER BY date, model_name, prompt_type")
    List<PerformanceRow> since(@Param("from") Date from);
}

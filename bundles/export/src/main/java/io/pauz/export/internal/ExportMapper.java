package io.pauz.export.internal;

import java.time.Instant;
import java.util.List;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL of export jobs. Statements a user triggers name the user, so a wrong id never reaches another user's job. */
public interface ExportMapper {
    String COLUMNS = "id, user_id AS userId, format, range_from AS rangeFrom, range_to AS rangeTo, status, error, "
            + "object_key AS objectKey, size_bytes AS sizeBytes, entries, sessions, pages, attempts, created_at AS createdAt, "
            + "started_at AS startedAt, finished_at AS finishedAt";

    @Insert("INSERT INTO export_jobs (id, user_id, format, range_from, range_to, status, attempts, created_at) VALUES "
            + "(#{id}, #{userId}, #{format}, #{rangeFrom,jdbcType=TIMESTAMP}, #{rangeTo,jdbcType=TIMESTAMP}, #{status}, 0, #{createdAt})")
    void insert(JobRow row);

    @Select("SELECT " + COLUMNS + " FROM export_jobs WHERE user_id = #{userId} AND id = #{id}")
    JobRow find(@Param("userId") String userId, @Param("id") String id);

    @Select("SELECT " + COLUMNS + " FROM export_jobs WHERE id = #{id}")
    JobRow byId(@Param("id") String id);

    @Select("SELECT COUNT(*) FROM export_jobs WHERE user_id = #{userId} AND status IN ('pending', 'running')")
    int active(@Param("userId") String userId);

    @Select("SELECT id FROM export_jobs WHERE status = 'pending' ORDER BY created_at FETCH FIRST #{limit} ROWS ONLY")
    List<String> pending(@Param("limit") int limit);

    /** 1 when this worker got the job; 0 when it was taken, finished or deleted meanwhile. */
    @Update("UPDATE export_jobs SET status = 'running', started_at = #{at}, attempts = attempts + 1 "
            + "WHERE id = #{id} AND status = 'pending'")
    int claim(@Param("id") String id, @Param("at") Instant at);

    @Update("UPDATE export_jobs SET status = 'done', object_key = #{key}, size_bytes = #{size}, entries = #{entries}, "
            + "sessions = #{sessions}, pages = #{pages,jdbcType=INTEGER}, finished_at = #{at} WHERE id = #{id} AND status = 'running'")
    int done(@Param("id") String id, @Param("key") String key, @Param("size") long size, @Param("entries") int entries,
            @Param("sessions") int sessions, @Param("pages") Integer pages, @Param("at") Instant at);

    @Update("UPDATE export_jobs SET status = 'failed', error = #{error}, finished_at = #{at} WHERE id = #{id}")
    int failed(@Param("id") String id, @Param("error") String error, @Param("at") Instant at);

    /** A claimed job that could not run yet (the journal away): pending again, the attempt not counted. */
    @Update("UPDATE export_jobs SET status = 'pending', attempts = attempts - 1 WHERE id = #{id} AND status = 'running'")
    int release(@Param("id") String id);

    /** At start-up: jobs a stop interrupted run again. */
    @Update("UPDATE export_jobs SET status = 'pending' WHERE status = 'running'")
    int resetRunning();

    @Select("SELECT " + COLUMNS + " FROM export_jobs WHERE status = 'done' AND finished_at < #{before} "
            + "FETCH FIRST 500 ROWS ONLY")
    List<JobRow> doneBefore(@Param("before") Instant before);

    @Update("UPDATE export_jobs SET status = 'expired', object_key = NULL WHERE id = #{id} AND status = 'done'")
    int expire(@Param("id") String id);
}

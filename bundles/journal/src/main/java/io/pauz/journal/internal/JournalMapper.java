package io.pauz.journal.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import io.pauz.support.KeysetCursor;

/**
 * SQL of the free journal. Every statement about an entry names its user, so a wrong id can never
 * reach another user's row. Nullable parameters carry their JDBC type: Derby accepts no untyped null.
 */
public interface JournalMapper {
    String COLUMNS = "entry_id AS entryId, user_id AS userId, title, preview, word_count AS wordCount, "
            + "mood_score AS moodScore, mood_label AS moodLabel, has_audio AS hasAudio, "
            + "transcription_status AS transcriptionStatus, source, external_id AS externalId, "
            + "created_at AS createdAt, updated_at AS updatedAt, version";

    @Insert("INSERT INTO free_journal_metadata (entry_id, user_id, title, preview, word_count, has_audio, transcription_status, "
            + "source, external_id, created_at, updated_at, version) VALUES (#{entryId}, #{userId}, #{title,jdbcType=VARCHAR}, "
            + "#{preview,jdbcType=VARCHAR}, #{wordCount}, #{hasAudio}, #{transcriptionStatus,jdbcType=VARCHAR}, #{source}, "
            + "#{externalId,jdbcType=VARCHAR}, #{createdAt}, #{updatedAt}, #{version})")
    void insertEntry(EntryRow row);

    @Select("SELECT " + COLUMNS + " FROM free_journal_metadata WHERE user_id = #{userId} AND entry_id = #{entryId}")
    EntryRow entry(@Param("userId") String userId, @Param("entryId") String entryId);

    @Select("SELECT " + COLUMNS + " FROM free_journal_metadata WHERE user_id = #{userId} AND entry_id = #{entryId} FOR UPDATE")
    EntryRow entryForUpdate(@Param("userId") String userId, @Param("entryId") String entryId);

    @Select("SELECT COUNT(*) FROM free_journal_metadata WHERE user_id = #{userId} AND external_id = #{externalId}")
    int countExternal(@Param("userId") String userId, @Param("externalId") String externalId);

    @Update("UPDATE free_journal_metadata SET title = #{title,jdbcType=VARCHAR}, preview = #{preview,jdbcType=VARCHAR}, "
            + "word_count = #{wordCount}, mood_score = NULL, mood_label = NULL, updated_at = #{updatedAt}, version = version + 1 "
            + "WHERE user_id = #{userId} AND entry_id = #{entryId}")
    int updateText(EntryRow row);

    @Update("UPDATE free_journal_metadata SET mood_score = #{score}, mood_label = #{label} "
            + "WHERE user_id = #{userId} AND entry_id = #{entryId} AND version = #{version}")
    int updateMood(@Param("userId") String userId, @Param("entryId") String entryId, @Param("version") int version,
            @Param("score") double score, @Param("label") String label);

    @Update("UPDATE free_journal_metadata SET transcription_status = #{status}, updated_at = #{at} "
            + "WHERE user_id = #{userId} AND entry_id = #{entryId}")
    int updateTranscriptionStatus(@Param("userId") String userId, @Param("entryId") String entryId,
            @Param("status") String status, @Param("at") Instant at);

    @Delete("DELETE FROM free_journal_metadata WHERE user_id = #{userId} AND entry_id = #{entryId}")
    int deleteEntry(@Param("userId") String userId, @Param("entryId") String entryId);

    /**
     * A page, newest first. Each search pattern (a term and %) must match a prefix of one of the entry's indexed terms; the
     * terms are letters and digits only (see {@link Words#normalize}), so they hold no LIKE wildcards.
     */
    @Select({ "<script>",
            "SELECT " + COLUMNS + " FROM free_journal_metadata m WHERE m.user_id = #{userId}",
            "<if test='from != null'> AND m.created_at &gt;= #{from}</if>",
            "<if test='to != null'> AND m.created_at &lt; #{to}</if>",
            "<if test='after != null'> AND (m.created_at &lt; #{after.at} OR (m.created_at = #{after.at} AND m.entry_id &lt; #{after.id}))</if>",
            "<foreach collection='terms' item='term'>",
            " AND m.entry_id IN (SELECT t.entry_id FROM free_journal_terms t WHERE t.user_id = #{userId} AND t.term LIKE #{term})",
            "</foreach>",
            " ORDER BY m.created_at DESC, m.entry_id DESC FETCH FIRST #{limit} ROWS ONLY",
            "</script>" })
    List<EntryRow> page(@Param("userId") String userId, @Param("from") Instant from, @Param("to") Instant to,
            @Param("after") KeysetCursor after, @Param("terms") List<String> terms, @Param("limit") int limit);

    @Insert({ "<script>INSERT INTO free_journal_terms (user_id, term, entry_id) VALUES ",
            "<foreach collection='terms' item='term' separator=','>(#{userId}, #{term}, #{entryId})</foreach>",
            "</script>" })
    void insertTerms(@Param("userId") String userId, @Param("entryId") String entryId, @Param("terms") Collection<String> terms);

    @Delete("DELETE FROM free_journal_terms WHERE entry_id = #{entryId} AND user_id = #{userId}")
    int deleteTerms(@Param("userId") String userId, @Param("entryId") String entryId);

    // ---- transcription jobs --------------------------------------------------------------------

    String JOB_COLUMNS = "entry_id AS entryId, user_id AS userId, status, media_type AS mediaType, audio_key AS audioKey, "
            + "audio_bytes AS audioBytes, audio_seconds AS audioSeconds, language, engine, attempts, error, "
            + "created_at AS createdAt, updated_at AS updatedAt";

    @Insert("INSERT INTO free_journal_transcriptions (entry_id, user_id, status, media_type, audio_key, audio_bytes, audio_seconds, "
            + "language, attempts, created_at, updated_at) VALUES (#{entryId}, #{userId}, #{status}, #{mediaType}, #{audioKey}, "
            + "#{audioBytes}, #{audioSeconds}, #{language,jdbcType=VARCHAR}, 0, #{createdAt}, #{updatedAt})")
    void insertJob(JobRow job);

    @Select("SELECT " + JOB_COLUMNS + " FROM free_journal_transcriptions WHERE user_id = #{userId} AND entry_id = #{entryId}")
    JobRow job(@Param("userId") String userId, @Param("entryId") String entryId);

    @Select("SELECT " + JOB_COLUMNS + " FROM free_journal_transcriptions WHERE entry_id = #{entryId}")
    JobRow jobByEntry(String entryId);

    @Select("SELECT " + JOB_COLUMNS + " FROM free_journal_transcriptions WHERE status = 'pending' ORDER BY created_at "
            + "FETCH FIRST #{limit} ROWS ONLY")
    List<JobRow> pendingJobs(@Param("limit") int limit);

    @Select("SELECT COUNT(*) FROM free_journal_transcriptions WHERE status = #{status}")
    int countJobs(String status);

    /** Claims a pending job for a worker; 0 when another worker (or a delete) got there first. */
    @Update("UPDATE free_journal_transcriptions SET status = 'running', engine = #{engine}, attempts = attempts + 1, "
            + "error = NULL, updated_at = #{at} WHERE entry_id = #{entryId} AND status = 'pending'")
    int claimJob(@Param("entryId") String entryId, @Param("engine") String engine, @Param("at") Instant at);

    @Update("UPDATE free_journal_transcriptions SET status = #{status}, audio_key = #{audioKey}, error = #{error,jdbcType=VARCHAR}, "
            + "updated_at = #{at} WHERE entry_id = #{entryId} AND status = 'running'")
    int finishJob(@Param("entryId") String entryId, @Param("status") String status, @Param("audioKey") String audioKey,
            @Param("error") String error, @Param("at") Instant at);

    /** A claimed job goes back to pending and its attempt is not counted: the engine or the journal stopped under it. */
    @Update("UPDATE free_journal_transcriptions SET status = 'pending', engine = NULL, error = NULL, "
            + "attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, updated_at = #{at} "
            + "WHERE entry_id = #{entryId} AND status = 'running'")
    int requeueJob(@Param("entryId") String entryId, @Param("at") Instant at);

    @Update("UPDATE free_journal_transcriptions SET status = 'pending', error = NULL, updated_at = #{at} "
            + "WHERE user_id = #{userId} AND entry_id = #{entryId} AND status = 'failed'")
    int retryJob(@Param("userId") String userId, @Param("entryId") String entryId, @Param("at") Instant at);

    /** After a crash or restart, jobs that were running have no worker any more: they run again. */
    @Update("UPDATE free_journal_transcriptions SET status = 'pending', updated_at = #{at} WHERE status = 'running'")
    int resetRunningJobs(@Param("at") Instant at);

    @Update("UPDATE free_journal_metadata SET transcription_status = 'pending' WHERE transcription_status = 'running'")
    int resetRunningEntries();
}

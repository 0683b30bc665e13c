-- AI layer: one row per model, prompt type and day (UTC), updated incrementally on every engine call and rating.
-- calls/successes/total_ms/ratings_count/ratings_sum are the counters; the rates are derived from them on each update.
CREATE TABLE ai_performance (
    model_name               VARCHAR(128) NOT NULL,
    prompt_type              VARCHAR(32)  NOT NULL,
    date                     DATE         NOT NULL,
    calls                    BIGINT       NOT NULL,
    successes                BIGINT       NOT NULL,
    total_ms                 BIGINT       NOT NULL,
    ratings_count            BIGINT       NOT NULL,
    ratings_sum              BIGINT       NOT NULL,
    success_rate             DOUBLE,
    average_response_time    DOUBLE,
    user_satisfaction_score  DOUBLE,
    PRIMARY KEY (model_name, prompt_type, date)
);

CREATE INDEX aip_date ON ai_performance (date);

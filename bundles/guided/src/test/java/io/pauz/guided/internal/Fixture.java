package io.pauz.guided.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.derby.jdbc.EmbeddedDataSource;

import io.pauz.api.bucket.Bucket;
import io.pauz.api.bucket.BucketStore;
import io.pauz.api.mood.MoodAnalyzer;
import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.PromptPack;
import io.pauz.api.prompt.Topic;
import io.pauz.api.sql.MigratedSchema;
import io.pauz.bucket.local.internal.LocalBucketStore;
import io.pauz.testsupport.Configs;
import io.pauz.testsupport.ServiceProps;
import io.pauz.testsupport.TestDatabase;
import io.pauz.testsupport.TestFiles;

/** The service on real components: embedded Derby migrated by the real runner, the local bucket store. */
final class Fixture implements AutoCloseable {
    final Path dir;
    final EmbeddedDataSource dataSource;
    final BucketStore buckets;
    final GuidedServiceImpl service;

    Fixture(Map<String, Object> config) throws IOException, SQLException {
        this(config, null);
    }

    /** {@code wrap}: lets a test put a failing store in front of the real one. */
    Fixture(Map<String, Object> config, java.util.function.UnaryOperator<BucketStore> wrap) throws IOException, SQLException {
        dir = Files.createTempDirectory("guided-test");
        dataSource = TestDatabase.create("guided");
        MigratedSchema schema = TestDatabase.migrate(dataSource, "io.pauz.guided");
        BucketStore local = new LocalBucketStore(dir.resolve("buckets"), 0);
        buckets = wrap == null ? local : wrap.apply(local);
        service = new GuidedServiceImpl(Configs.of(GuidedConfig.class, config), dataSource, buckets, schema);
    }

    Fixture() throws IOException, SQLException {
        this(Map.of());
    }

    Map<String, Object> addPack(PromptPack pack) {
        Map<String, Object> props = ServiceProps.of(PromptPack.ID_PROPERTY, pack.id(), 0);
        service.addPromptPack(pack, props);
        return props;
    }

    Map<String, Object> addAnalyzer(MoodAnalyzer analyzer) {
        Map<String, Object> props = ServiceProps.of(MoodAnalyzer.ID_PROPERTY, analyzer.id(), 0);
        service.addMoodAnalyzer(analyzer, props);
        return props;
    }

    /** Keys of every object of a session's user in the guided-journals bucket, all four folders. */
    List<String> objects(String userId) {
        List<String> keys = new java.util.ArrayList<>();
        for (String folder : Bucket.GUIDED_JOURNALS.folders()) {
            keys.addAll(buckets.list(Bucket.GUIDED_JOURNALS, folder + userId + "/", null, 1000).objects().stream()
                    .map(o -> o.key()).toList());
        }
        return keys;
    }

    int rows(String where) throws SQLException {
        return TestDatabase.count(dataSource, "guided_journal_sessions", where);
    }

    @Override
    public void close() throws IOException {
        service.deactivate();
        TestFiles.delete(dir);
    }

    /** A small pack written for the tests: one topic, "pressure", whose prompts have telling tags. */
    static class TestPack implements PromptPack {
        private final String id;
        private final Map<String, List<Prompt>> prompts;
        private final List<Topic> topics;

        TestPack(String id, List<Topic> topics, Map<String, List<Prompt>> prompts) {
            this.id = id;
            this.topics = topics;
            this.prompts = prompts;
        }

        static TestPack work(String id) {
            String t = "pressure";
            return new TestPack(id, List.of(new Topic(t, "Pressure", "When work piles up")), Map.of(t, List.of(
                    p("p-open-1", t, "What is pressing on you today?", Prompt.Stage.OPENING, "today"),
                    p("p-open-2", t, "Where do you feel the pressure in your body?", Prompt.Stage.OPENING, "body"),
                    p("p-deadline", t, "Which deadline or person at work weighs most?", Prompt.Stage.DEEPENING,
                            "deadline", "boss", "manager"),
                    p("p-sleep", t, "How has it touched your sleep?", Prompt.Stage.DEEPENING, "sleep", "tired", "night"),
                    p("p-family", t, "Who at home notices it?", Prompt.Stage.DEEPENING, "family", "kids", "partner"),
                    p("p-gentle", t, "That sounds heavy. What would feel kind to yourself right now?", Prompt.Stage.DEEPENING,
                            "gentle", "support"),
                    p("p-money", t, "Is money part of it?", Prompt.Stage.DEEPENING, "money", "bills", "rent"),
                    p("p-selfcare", t, "When did you last take time for self-care?", Prompt.Stage.DEEPENING, "self-care"),
                    p("p-close-1", t, "What is one small next step?", Prompt.Stage.CLOSING, "step", "plan"),
                    p("p-close-calm", t, "What could help you rest tonight?", Prompt.Stage.CLOSING, "calm", "rest"))));
        }

        static Prompt p(String id, String topic, String text, Prompt.Stage stage, String... tags) {
            return new Prompt(id, topic, text, stage, Set.of(tags));
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String name() {
            return "Test pack " + id;
        }

        @Override
        public List<Topic> topics() {
            return topics;
        }

        @Override
        public List<Prompt> prompts(String topicId) {
            return prompts.getOrDefault(topicId, List.of());
        }
    }
}

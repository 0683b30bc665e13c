package io.pauz.prompts.builtin.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pauz.api.prompt.Prompt;
import io.pauz.api.prompt.PromptPack;
import io.pauz.api.prompt.Topic;

/** The built-in "PAUZ essentials" pack. All content lives in {@value #RESOURCE}; this class only serves it. */
@Component(service = PromptPack.class, property = PromptPack.ID_PROPERTY + "=" + BuiltinPromptPack.ID)
public class BuiltinPromptPack implements PromptPack {
    static final String ID = "builtin";
    static final String RESOURCE = "/prompts/builtin.json";

    private static final Logger LOG = LoggerFactory.getLogger(BuiltinPromptPack.class);

    private final PromptPackData data;

    /** Parses the resource once, when DS activates the component; invalid data keeps the service away. */
    @Activate
    public BuiltinPromptPack() {
        try {
            data = PromptPackData.read(BuiltinPromptPack.class.getResourceAsStream(RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        if (!ID.equals(data.id())) {
            // The service property is fixed at build time, so the file must agree with it.
            throw new IllegalStateException(RESOURCE + " declares pack id " + data.id() + ", expected " + ID);
        }
        LOG.info("Prompt pack {}: {} topics, {} prompts", ID, data.topics().size(), data.promptCount());
    }

    @Override
    public String id() {
        return data.id();
    }

    @Override
    public String name() {
        return data.name();
    }

    @Override
    public List<Topic> topics() {
        return data.topics();
    }

    @Override
    public List<Prompt> prompts(String topicId) {
        return data.prompts(topicId);
    }
}

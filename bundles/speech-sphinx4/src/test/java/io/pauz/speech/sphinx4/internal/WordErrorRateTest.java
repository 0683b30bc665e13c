package io.pauz.speech.sphinx4.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

public class WordErrorRateTest {
    @Test
    public void identicalTextsHaveNoErrorsWhateverCaseAndPunctuation() {
        assertEquals(0.0, WordErrorRate.of("He was not an ill-disposed young man.", "he was not an ill disposed YOUNG man"), 1e-9);
    }

    @Test
    public void countsSubstitutionsDeletionsAndInsertions() {
        List<String> ref = WordErrorRate.words("the cat sat on the mat");
        assertEquals(1, WordErrorRate.errors(ref, WordErrorRate.words("the cat sat on a mat")));
        assertEquals(1, WordErrorRate.errors(ref, WordErrorRate.words("the cat sat on mat")));
        assertEquals(1, WordErrorRate.errors(ref, WordErrorRate.words("the cat sat on the the mat")));
        assertEquals(6, WordErrorRate.errors(ref, List.of()));
        assertEquals(3, WordErrorRate.errors(List.of(), WordErrorRate.words("three extra words")));
        assertEquals(2.0 / 6, WordErrorRate.of("the cat sat on the mat", "a cat sat in the mat"), 1e-9);
    }
}

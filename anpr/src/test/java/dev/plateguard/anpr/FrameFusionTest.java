package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class FrameFusionTest {

    private static List<Candidate> frame(Object... textAndConfidence) {
        List<Candidate> out = new java.util.ArrayList<>();
        for (int i = 0; i < textAndConfidence.length; i += 2) {
            out.add(new Candidate((String) textAndConfidence[i], (Double) textAndConfidence[i + 1]));
        }
        return out;
    }

    @Test
    void threeFramesWithThreeDifferentSingleErrorsGiveTheRightPlate() {
        // each frame has one character wrong, in a different place: no frame, and no whole-text vote, is right
        var fused = FrameFusion.fuse(List.of(
                frame("01A1D3BC", 0.7), frame("01A103BG", 0.6), frame("O1A103BC", 0.65))).orElseThrow();
        assertThat(fused.text()).isEqualTo("01A103BC");
        assertThat(fused.frames()).isEqualTo(3);
        assertThat(fused.framesAgreeing()).isZero();
        assertThat(fused.confidence()).isBetween(0.0, 1.0);
    }

    @Test
    void aConfidentFrameOutweighsAnUnsureOneOnTheCharacterTheyDisagreeOn() {
        var fused = FrameFusion.fuse(List.of(frame("01A103BC", 0.9), frame("01A1D3BC", 0.3))).orElseThrow();
        assertThat(fused.text()).isEqualTo("01A103BC");
        assertThat(fused.framesAgreeing()).isEqualTo(1);
        // one position split 0.9 : 0.3
        assertThat(fused.confidence()).isCloseTo(0.9 / 1.2, within(1e-9));
    }

    @Test
    void allFramesAgreeingGiveFullConfidenceAndRunnerUpCandidatesVoteToo() {
        var same = FrameFusion.fuse(List.of(frame("10A1234", 0.8), frame("10A1234", 0.9))).orElseThrow();
        assertThat(same.text()).isEqualTo("10A1234");
        assertThat(same.confidence()).isCloseTo(1.0, within(1e-9));
        assertThat(same.framesAgreeing()).isEqualTo(2);
        // the second candidates of two frames together outweigh one frame's best
        var runnerUp = FrameFusion.fuse(List.of(frame("01A103BC", 0.5), frame("01A1D3BC", 0.4, "01A103BC", 0.35),
                frame("01A1D3BC", 0.45, "01A103BC", 0.4))).orElseThrow();
        assertThat(runnerUp.text()).isEqualTo("01A103BC");
    }

    @Test
    void aFrameThatLostOrGainedACharacterDoesNotVoteOnCharactersAndEmptyFramesDoNotVote() {
        var fused = FrameFusion.fuse(List.of(frame("01A103BC", 0.6), frame("01A10BC", 0.5), List.of(),
                frame("01A103BC", 0.55))).orElseThrow();
        assertThat(fused.text()).isEqualTo("01A103BC");
        assertThat(fused.frames()).isEqualTo(3);
        assertThat(fused.confidence()).isCloseTo(1.15 / 1.65, within(1e-9));
        assertThat(FrameFusion.fuse(List.of(List.of(), List.of()))).isEmpty();
        assertThat(FrameFusion.fuse(List.of())).isEmpty();
    }
}

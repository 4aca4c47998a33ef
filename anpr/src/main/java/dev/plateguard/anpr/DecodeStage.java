package dev.plateguard.anpr;

/**
 * Stage 1: decodes an encoded image (JPEG, PNG, BMP, GIF); nothing to do when a decoded image was passed in.
 *
 * @param subsampleAbove images larger than this on their longest side are subsampled while decoding; 0 for never
 */
record DecodeStage(int subsampleAbove) implements Stage {

    /** @throws IllegalArgumentException when the bytes are not a readable image */
    @Override
    public void run(Call call) {
        if (call.image != null) {
            return;
        }
        call.image(ImageDecoder.decode(call.encoded, subsampleAbove));
        call.encoded = null;
        call.clock.charge(StageClock.Part.DECODE);
    }
}

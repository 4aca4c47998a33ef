package dev.plateguard.server.receivers;

import dev.plateguard.server.validation.Refusal;

/**
 * One vendor format, in the spirit of Traccar's protocol decoders: bytes in, {@link VendorRead}s out, nothing stored.
 * A payload the vendor is not known to send is a {@link Refusal} naming what is wrong.
 */
interface VendorDecoder {

    /** The format's name in {@code /api/v1/receivers/{format}}. */
    String format();

    Decoded decode(VendorPayload payload);
}

package io.callcenter.pbxsim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Minimal PCM WAV files, as MixMonitor writes them (8 kHz, 16-bit, mono). */
public final class Wav {

    static final int RATE = 8000;

    private Wav() {
    }

    /** A buffer for {@code samples} samples with the WAV header written. */
    private static ByteBuffer header(int samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(samples * 2);
        return b;
    }

    /** A steady tone. */
    public static byte[] tone(double seconds, double hz) {
        int samples = (int) (seconds * RATE);
        ByteBuffer b = header(samples);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (Math.sin(2 * Math.PI * hz * i / RATE) * 6000));
        }
        return b.array();
    }

    /**
     * Something that looks and sounds like a conversation in a player: bursts of a voice-like mix of tones,
     * rising and falling, the two sides taking turns, with pauses between them.
     */
    public static byte[] speechLike(double seconds, long seed) {
        int samples = (int) (seconds * RATE);
        ByteBuffer b = header(samples);
        java.util.Random random = new java.util.Random(seed);
        int i = 0;
        boolean caller = true;
        while (i < samples) {
            int burst = Math.min(samples - i, (int) (RATE * (0.8 + random.nextDouble() * 2.5)));
            double pitch = caller ? 140 + random.nextDouble() * 40 : 210 + random.nextDouble() * 50;
            for (int k = 0; k < burst; k++, i++) {
                double t = (double) k / RATE;
                double envelope = Math.sin(Math.PI * k / burst) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t));
                double voice = Math.sin(2 * Math.PI * pitch * t) + 0.5 * Math.sin(2 * Math.PI * pitch * 2 * t)
                        + 0.25 * Math.sin(2 * Math.PI * pitch * 3 * t) + 0.1 * (random.nextDouble() - 0.5);
                b.putShort((short) (voice * envelope * 5000));
            }
            int pause = Math.min(samples - i, (int) (RATE * (0.2 + random.nextDouble() * 0.6)));
            for (int k = 0; k < pause; k++, i++) {
                b.putShort((short) 0);
            }
            caller = !caller;
        }
        return b.array();
    }
}

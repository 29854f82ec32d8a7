package io.callcenter.pbxsim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Minimal PCM WAV files, as MixMonitor writes them (8 kHz, 16-bit, mono). */
final class Wav {

    static final int RATE = 8000;

    private Wav() {
    }

    static byte[] tone(double seconds, double hz) {
        int samples = (int) (seconds * RATE);
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (Math.sin(2 * Math.PI * hz * i / RATE) * 6000));
        }
        return b.array();
    }
}

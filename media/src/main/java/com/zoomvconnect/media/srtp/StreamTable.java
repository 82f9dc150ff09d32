package com.zoomvconnect.media.srtp;

/** SSRC → stream state without boxing: open addressing over int keys, grown as needed. */
final class StreamTable {
    private int[] keys = new int[16];
    private SrtpStream[] values = new SrtpStream[16];
    private int size;
    private SrtpStream last;

    SrtpStream get(int ssrc) {
        SrtpStream l = last;
        if (l != null && l.ssrc == ssrc) {
            return l;
        }
        int mask = keys.length - 1;
        int i = mix(ssrc) & mask;
        while (values[i] != null) {
            if (keys[i] == ssrc) {
                last = values[i];
                return values[i];
            }
            i = (i + 1) & mask;
        }
        if (size * 2 >= keys.length) {
            grow();
            return get(ssrc);
        }
        SrtpStream s = new SrtpStream(ssrc);
        keys[i] = ssrc;
        values[i] = s;
        size++;
        last = s;
        return s;
    }

    private void grow() {
        int[] oldKeys = keys;
        SrtpStream[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new SrtpStream[oldKeys.length * 2];
        size = 0;
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] != null) {
                int i = mix(oldKeys[j]) & mask;
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
                size++;
            }
        }
    }

    private static int mix(int x) {
        x *= 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}

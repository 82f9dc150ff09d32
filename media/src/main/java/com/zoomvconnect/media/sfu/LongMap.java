package com.zoomvconnect.media.sfu;

import java.util.Arrays;

/**
 * SSRC → value lookups on the packet path without boxing. Copy-on-write: writers (rare:
 * negotiation) replace the arrays; readers (every packet) see a consistent snapshot lock-free.
 */
final class LongMap<V> {
    private record Table(long[] keys, Object[] values) {
    }

    private volatile Table table = new Table(new long[0], new Object[0]);

    @SuppressWarnings("unchecked")
    V get(long key) {
        Table t = table;
        long[] k = t.keys;
        for (int i = 0; i < k.length; i++) {
            if (k[i] == key) {
                return (V) t.values[i];
            }
        }
        return null;
    }

    synchronized void put(long key, V value) {
        Table t = table;
        for (int i = 0; i < t.keys.length; i++) {
            if (t.keys[i] == key) {
                Object[] v = t.values.clone();
                v[i] = value;
                table = new Table(t.keys, v);
                return;
            }
        }
        long[] k = Arrays.copyOf(t.keys, t.keys.length + 1);
        Object[] v = Arrays.copyOf(t.values, t.values.length + 1);
        k[k.length - 1] = key;
        v[v.length - 1] = value;
        table = new Table(k, v);
    }

    synchronized void remove(long key) {
        Table t = table;
        for (int i = 0; i < t.keys.length; i++) {
            if (t.keys[i] == key) {
                long[] k = new long[t.keys.length - 1];
                Object[] v = new Object[k.length];
                System.arraycopy(t.keys, 0, k, 0, i);
                System.arraycopy(t.keys, i + 1, k, i, k.length - i);
                System.arraycopy(t.values, 0, v, 0, i);
                System.arraycopy(t.values, i + 1, v, i, k.length - i);
                table = new Table(k, v);
                return;
            }
        }
    }
}

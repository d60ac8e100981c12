package io.chorus.loadgen.fanout;

/**
 * The text of a probe message, {@code lg:<run>:<step>:<seq>:<sendNanos>}: which run, step and message it
 * is, and when it was sent ({@link System#nanoTime()} of this process, so publisher and viewers share the
 * clock). {@link #scan} finds probes in a raw {@code room.batch} frame without decoding it.
 */
final class ProbeText {

    private final String run;
    private final String marker;

    /** @param run this run's id (letters and digits): probes of other runs are ignored */
    ProbeText(String run) {
        if (!run.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("run id: letters and digits only");
        }
        this.run = run;
        this.marker = "\"lg:" + run + ":";
    }

    String encode(int step, long seq, long sendNanos) {
        return "lg:" + run + ":" + step + ":" + seq + ":" + sendNanos;
    }

    /** Calls {@code sink} for every probe of this run in {@code json}; returns how many it found. */
    int scan(String json, ProbeSink sink) {
        int found = 0;
        int from = json.indexOf(marker);
        while (from >= 0) {
            int position = from + marker.length();
            long step = 0;
            long seq = 0;
            long nanos = 0;
            int field = 0;
            boolean valid = true;
            for (; position < json.length(); position++) {
                char c = json.charAt(position);
                if (c == '"') {
                    break;
                }
                if (c == ':') {
                    field++;
                    continue;
                }
                if (c < '0' || c > '9') {
                    valid = false;
                    break;
                }
                int digit = c - '0';
                if (field == 0) {
                    step = step * 10 + digit;
                } else if (field == 1) {
                    seq = seq * 10 + digit;
                } else {
                    nanos = nanos * 10 + digit;
                }
            }
            if (valid && field == 2) {
                sink.onProbe((int) step, seq, nanos);
                found++;
            }
            from = json.indexOf(marker, position);
        }
        return found;
    }

    @FunctionalInterface
    interface ProbeSink {
        void onProbe(int step, long seq, long sendNanos);
    }
}

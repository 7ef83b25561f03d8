// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import java.util.ArrayList;
import java.util.List;

/** A job as bee-queue's Job class holds it; toData() is the JSON it stores in the jobs hash. */
final class BeeQueueJob {
    String id;
    final String data;
    final long timestamp;
    final List<String> stacktraces = new ArrayList<>();
    Integer retries;
    String backoffStrategy;
    Integer backoffDelay;
    Long delay;
    String status = "created";
    int progress;

    /** A job created now ({@code timestamp}, what the client takes from Date.now()) with its data as JSON. */
    BeeQueueJob(String data, long timestamp) {
        this.data = data;
        this.timestamp = timestamp;
    }

    BeeQueueJob setId(String value) {
        id = value;
        return this;
    }

    BeeQueueJob retries(int n) {
        retries = n;
        return this;
    }

    BeeQueueJob backoff(String strategy, int millis) {
        backoffStrategy = strategy;
        backoffDelay = millis;
        return this;
    }

    BeeQueueJob delayUntil(long when) {
        delay = when;
        return this;
    }

    String describe() {
        return id != null ? id + " " + data : data;
    }

    /** Job#computeDelay with lib/backoff.js's strategies. */
    long computeDelay() {
        if (retries == null || retries <= 0) {
            return -1;
        }
        if (backoffStrategy == null || backoffStrategy.equals("immediate")) {
            return 0;
        }
        int current = backoffDelay;
        if (backoffStrategy.equals("exponential")) {
            backoffDelay *= 2;
        }
        return current;
    }

    /** JSON.stringify of {data, options, status, progress}, options' keys in the order the client sets them. */
    String toData() {
        StringBuilder options = new StringBuilder("{\"timestamp\":" + timestamp + ",\"stacktraces\":[");
        for (int i = 0; i < stacktraces.size(); i++) {
            options.append(i == 0 ? "" : ",").append(BeeQueueFlow.json(stacktraces.get(i)));
        }
        options.append(']');
        if (retries != null) {
            options.append(",\"retries\":").append(retries);
        }
        if (backoffStrategy != null) {
            options.append(",\"backoff\":{\"strategy\":").append(BeeQueueFlow.json(backoffStrategy)).append(",\"delay\":")
                    .append(backoffDelay).append('}');
        }
        if (delay != null) {
            options.append(",\"delay\":").append(delay);
        }
        options.append('}');
        return "{\"data\":" + data + ",\"options\":" + options + ",\"status\":\"" + status + "\",\"progress\":"
                + progress + "}";
    }
}

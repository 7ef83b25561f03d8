// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * Writes one stream value of {@link RdbJsonWriter} from the walk's {@link StreamEvent}s as they come, in
 * the file's order, so nothing is held: {@code {"entries": [...], "length", "last_id", "first_id",
 * "max_deleted_id", "entries_added", "groups": [{"name", "last_delivered_id", "entries_read", "pending":
 * [{"id", "delivery_time", "delivery_count"}], "consumers": [{"name", "seen_time", "active_time",
 * "pending": [id, …]}]}]}}. A pending entry's consumer is the one whose {@code pending} list holds its id,
 * as in the RDB file (joining them would hold a whole pending list). Counters a file of RDB type 15 lacks
 * are null, as is {@code active_time} before type 21.
 */
final class StreamJson {
    private enum State { ENTRIES, GROUPS, GROUP_PENDING, CONSUMER }

    private final JsonGenerator json;
    private State state = State.ENTRIES;

    /** Starts the value object and its entries array. */
    StreamJson(JsonGenerator json) throws IOException {
        this.json = json;
        json.writeStartObject();
        json.writeArrayFieldStart("entries");
    }

    void accept(StreamEvent event) throws IOException {
        if (event instanceof StreamEvent.Entry e) {
            json.writeStartObject();
            json.writeStringField("id", e.id().toString());
            json.writeArrayFieldStart("fields");
            byte[][] fv = e.fieldsAndValues();
            for (int i = 0; i + 1 < fv.length; i += 2) {
                json.writeStartArray();
                RdbJsonWriter.writeBytes(json, fv[i]);
                RdbJsonWriter.writeBytes(json, fv[i + 1]);
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeEndObject();
        } else if (event instanceof StreamEvent.Metadata m) {
            json.writeEndArray();
            json.writeNumberField("length", m.length());
            json.writeStringField("last_id", m.lastId().toString());
            idField("first_id", m.firstId());
            idField("max_deleted_id", m.maxDeletedId());
            counterField("entries_added", m.entriesAdded());
            json.writeArrayFieldStart("groups");
            state = State.GROUPS;
        } else if (event instanceof StreamEvent.Group g) {
            endGroup();
            json.writeStartObject();
            json.writeFieldName("name");
            RdbJsonWriter.writeBytes(json, g.name());
            json.writeStringField("last_delivered_id", g.lastDeliveredId().toString());
            counterField("entries_read", g.entriesRead());
            json.writeArrayFieldStart("pending");
            state = State.GROUP_PENDING;
        } else if (event instanceof StreamEvent.Pending p) {
            json.writeStartObject();
            json.writeStringField("id", p.id().toString());
            json.writeNumberField("delivery_time", p.deliveryTimeMs());
            json.writeNumberField("delivery_count", p.deliveryCount());
            json.writeEndObject();
        } else if (event instanceof StreamEvent.Consumer c) {
            if (state == State.GROUP_PENDING) {
                json.writeEndArray();
                json.writeArrayFieldStart("consumers");
            } else {
                endConsumer();
            }
            json.writeStartObject();
            json.writeFieldName("name");
            RdbJsonWriter.writeBytes(json, c.name());
            json.writeNumberField("seen_time", c.seenTimeMs());
            counterField("active_time", c.activeTimeMs());
            json.writeArrayFieldStart("pending");
            state = State.CONSUMER;
        } else if (event instanceof StreamEvent.ConsumerPending p) {
            json.writeString(p.id().toString());
        }
    }

    /** Closes what is open and the value object. */
    void end() throws IOException {
        if (state == State.ENTRIES) {
            // a walk always reports the metadata; keep the output well-formed regardless
            json.writeEndArray();
            json.writeArrayFieldStart("groups");
        }
        endGroup();
        json.writeEndArray();
        json.writeEndObject();
    }

    private void endGroup() throws IOException {
        if (state == State.GROUP_PENDING) {
            json.writeEndArray();
            json.writeArrayFieldStart("consumers");
            json.writeEndArray();
            json.writeEndObject();
        } else if (state == State.CONSUMER) {
            endConsumer();
            json.writeEndArray();
            json.writeEndObject();
        }
        state = State.GROUPS;
    }

    private void endConsumer() throws IOException {
        json.writeEndArray();
        json.writeEndObject();
    }

    private void idField(String name, StreamEvent.Id id) throws IOException {
        if (id == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, id.toString());
        }
    }

    /** A counter, null when the file does not know it (-1). */
    private void counterField(String name, long value) throws IOException {
        if (value < 0) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }
}

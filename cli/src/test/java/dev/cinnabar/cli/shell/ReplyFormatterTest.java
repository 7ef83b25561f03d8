// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.cli.shell;

import dev.cinnabar.core.resp.RespValue;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Replies read from the wire and printed as redis-cli 7.0.15 prints them. Each case holds the bytes
 * redis-server 7.0.15 sent, then what {@code redis-cli --no-raw}, {@code redis-cli} (raw, stdout not a
 * terminal), {@code --csv}, {@code --json} and {@code --quoted-json} printed for the same command, all
 * captured from the real programs (the JSON ones with {@code -2} for RESP2 cases, as --json means RESP3). Strings hold one byte per
 * char (ISO-8859-1).
 */
class ReplyFormatterTest {
    private record Golden(String name, String wire, String standard, String raw, String csv, String json,
            String quotedJson) {
    }

    private static final List<Golden> GOLDEN = List.of(
            new Golden("bulkWithQuoteAndNewline",
                    "$5\r\na\"b\nc\r\n",
                    "\"a\\\"b\\nc\"\n",
                    "a\"b\nc\n",
                    "\"a\\\"b\\nc\"\n",
                    "\"a\\\"b\\nc\"\n",
                    "\"a\\\\\"b\\\\nc\"\n"),
            new Golden("binaryBulk",
                    "$12\r\na\u0001\u007f\u00e2\u0082\u00ac\t\r\\z\u0007\u0008\r\n",
                    "\"a\\x01\\x7f\\xe2\\x82\\xac\\t\\r\\\\z\\a\\b\"\n",
                    "a\u0001\u007f\u00e2\u0082\u00ac\t\r\\z\u0007\u0008\n",
                    "\"a\\x01\\x7f\\xe2\\x82\\xac\\t\\r\\\\z\\a\\b\"\n",
                    "\"a\\u0001\u007f\u00e2\u0082\u00ac\\t\\r\\\\z\\u0007\\b\"\n",
                    "\"a\\\\x01\\\\x7f\\\\xe2\\\\x82\\\\xac\\\\t\\\\r\\\\\\\\z\\\\a\\\\b\"\n"),
            new Golden("emptyBulk",
                    "$0\r\n\r\n",
                    "\"\"\n",
                    "\n",
                    "\"\"\n",
                    "\"\"\n",
                    "\"\"\n"),
            new Golden("nil",
                    "$-1\r\n",
                    "(nil)\n",
                    "\n",
                    "NULL\n",
                    "null\n",
                    "null\n"),
            new Golden("integer",
                    ":5\r\n",
                    "(integer) 5\n",
                    "5\n",
                    "5\n",
                    "5\n",
                    "5\n"),
            new Golden("error",
                    "-ERR value is not an integer or out of range\r\n",
                    "(error) ERR value is not an integer or out of range\n",
                    "ERR value is not an integer or out of range\n\n",
                    "ERROR,\"ERR value is not an integer or out of range\"\n",
                    "error:\"ERR value is not an integer or out of range\"\n",
                    "error:\"ERR value is not an integer or out of range\"\n"),
            new Golden("status",
                    "+OK\r\n",
                    "OK\n",
                    "OK\n",
                    "\"OK\"\n",
                    "\"OK\"\n",
                    "\"OK\"\n"),
            new Golden("elevenElementArray",
                    "*11\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n$1\r\nh\r\n$1\r\ni\r\n$1\r\nj\r\n$1\r\nk\r\n",
                    " 1) \"a\"\n 2) \"b\"\n 3) \"c\"\n 4) \"d\"\n 5) \"e\"\n 6) \"f\"\n 7) \"g\"\n 8) \"h\"\n 9) \"i\"\n10) \"j\"\n11) \"k\"\n",
                    "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n",
                    "\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"\n",
                    "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]\n",
                    "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]\n"),
            new Golden("emptyArray",
                    "*0\r\n",
                    "(empty array)\n",
                    "\n",
                    "\n",
                    "[]\n",
                    "[]\n"),
            new Golden("nestedArrays",
                    "*4\r\n:1\r\n*2\r\n:2\r\n*2\r\n:3\r\n$1\r\na\r\n$1\r\nx\r\n*0\r\n",
                    "1) (integer) 1\n2) 1) (integer) 2\n   2) 1) (integer) 3\n      2) \"a\"\n3) \"x\"\n4) (empty array)\n",
                    "1\n2\n3\na\nx\n\n",
                    "1,2,3,\"a\",\"x\",\n",
                    "[1,[2,[3,\"a\"]],\"x\",[]]\n",
                    "[1,[2,[3,\"a\"]],\"x\",[]]\n"),
            new Golden("nestedArraysWithTwoDigitIndexes",
                    "*11\r\n*2\r\n:1\r\n$2\r\nv1\r\n*2\r\n:2\r\n$2\r\nv2\r\n*2\r\n:3\r\n$2\r\nv3\r\n*2\r\n:4\r\n$2\r\nv4\r\n*2\r\n:5\r\n$2\r\nv5\r\n*2\r\n:6\r\n$2\r\nv6\r\n*2\r\n:7\r\n$2\r\nv7\r\n*2\r\n:8\r\n$2\r\nv8\r\n*2\r\n:9\r\n$2\r\nv9\r\n*2\r\n:10\r\n$3\r\nv10\r\n*2\r\n:11\r\n$3\r\nv11\r\n",
                    " 1) 1) (integer) 1\n    2) \"v1\"\n 2) 1) (integer) 2\n    2) \"v2\"\n 3) 1) (integer) 3\n    2) \"v3\"\n 4) 1) (integer) 4\n    2) \"v4\"\n 5) 1) (integer) 5\n    2) \"v5\"\n 6) 1) (integer) 6\n    2) \"v6\"\n 7) 1) (integer) 7\n    2) \"v7\"\n 8) 1) (integer) 8\n    2) \"v8\"\n 9) 1) (integer) 9\n    2) \"v9\"\n10) 1) (integer) 10\n    2) \"v10\"\n11) 1) (integer) 11\n    2) \"v11\"\n",
                    "1\nv1\n2\nv2\n3\nv3\n4\nv4\n5\nv5\n6\nv6\n7\nv7\n8\nv8\n9\nv9\n10\nv10\n11\nv11\n",
                    "1,\"v1\",2,\"v2\",3,\"v3\",4,\"v4\",5,\"v5\",6,\"v6\",7,\"v7\",8,\"v8\",9,\"v9\",10,\"v10\",11,\"v11\"\n",
                    "[[1,\"v1\"],[2,\"v2\"],[3,\"v3\"],[4,\"v4\"],[5,\"v5\"],[6,\"v6\"],[7,\"v7\"],[8,\"v8\"],[9,\"v9\"],[10,\"v10\"],[11,\"v11\"]]\n",
                    "[[1,\"v1\"],[2,\"v2\"],[3,\"v3\"],[4,\"v4\"],[5,\"v5\"],[6,\"v6\"],[7,\"v7\"],[8,\"v8\"],[9,\"v9\"],[10,\"v10\"],[11,\"v11\"]]\n"),
            new Golden("errorInsideArray",
                    "*2\r\n:1\r\n-BAD x\r\n",
                    "1) (integer) 1\n2) (error) BAD x\n",
                    "1\nBAD x\n\n",
                    "1,ERROR,\"BAD x\"\n",
                    "[1,error:\"BAD x\"]\n",
                    "[1,error:\"BAD x\"]\n"),
            new Golden("statusInsideArray",
                    "*2\r\n:1\r\n+FINE\r\n",
                    "1) (integer) 1\n2) FINE\n",
                    "1\nFINE\n",
                    "1,\"FINE\"\n",
                    "[1,\"FINE\"]\n",
                    "[1,\"FINE\"]\n"),
            new Golden("resp2Hash",
                    "*4\r\n$1\r\nf\r\n$1\r\nv\r\n$2\r\nf2\r\n$2\r\nv2\r\n",
                    "1) \"f\"\n2) \"v\"\n3) \"f2\"\n4) \"v2\"\n",
                    "f\nv\nf2\nv2\n",
                    "\"f\",\"v\",\"f2\",\"v2\"\n",
                    "[\"f\",\"v\",\"f2\",\"v2\"]\n",
                    "[\"f\",\"v\",\"f2\",\"v2\"]\n"),
            new Golden("resp3Map",
                    "%2\r\n$1\r\nf\r\n$1\r\nv\r\n$2\r\nf2\r\n$2\r\nv2\r\n",
                    "1# \"f\" => \"v\"\n2# \"f2\" => \"v2\"\n",
                    "f v\nf2 v2\n",
                    "\"f\",\"v\",\"f2\",\"v2\"\n",
                    "{\"f\":\"v\",\"f2\":\"v2\"}\n",
                    "{\"f\":\"v\",\"f2\":\"v2\"}\n"),
            new Golden("resp3EmptyMap",
                    "%0\r\n",
                    "(empty hash)\n",
                    "\n",
                    "\n",
                    "{}\n",
                    "{}\n"),
            new Golden("resp3EmptySet",
                    "~0\r\n",
                    "(empty set)\n",
                    "\n",
                    "\n",
                    "[]\n",
                    "[]\n"),
            new Golden("resp3Set",
                    "~1\r\n$1\r\nx\r\n",
                    "1~ \"x\"\n",
                    "x\n",
                    "\"x\"\n",
                    "[\"x\"]\n",
                    "[\"x\"]\n"),
            new Golden("resp3Double",
                    ",3.141\r\n",
                    "(double) 3.141\n",
                    "3.141\n",
                    "3.141\n",
                    "3.141\n",
                    "3.141\n"),
            new Golden("resp3Null",
                    "_\r\n",
                    "(nil)\n",
                    "\n",
                    "NULL\n",
                    "null\n",
                    "null\n"),
            new Golden("resp3ArrayOfIntegers",
                    "*3\r\n:0\r\n:1\r\n:2\r\n",
                    "1) (integer) 0\n2) (integer) 1\n3) (integer) 2\n",
                    "0\n1\n2\n",
                    "0,1,2\n",
                    "[0,1,2]\n",
                    "[0,1,2]\n"),
            new Golden("resp3SetOfIntegers",
                    "~3\r\n:0\r\n:1\r\n:2\r\n",
                    "1~ (integer) 0\n2~ (integer) 1\n3~ (integer) 2\n",
                    "0\n1\n2\n",
                    "0,1,2\n",
                    "[0,1,2]\n",
                    "[0,1,2]\n"),
            new Golden("resp3MapOfBooleans",
                    "%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n",
                    "1# (integer) 0 => (false)\n2# (integer) 1 => (true)\n3# (integer) 2 => (false)\n",
                    "0 (false)\n1 (true)\n2 (false)\n",
                    "0,false,1,true,2,false\n",
                    "{\"0\":false,\"1\":true,\"2\":false}\n",
                    "{\"0\":false,\"1\":true,\"2\":false}\n"),
            new Golden("resp3True",
                    "#t\r\n",
                    "(true)\n",
                    "(true)\n",
                    "true\n",
                    "true\n",
                    "true\n"),
            new Golden("resp3False",
                    "#f\r\n",
                    "(false)\n",
                    "(false)\n",
                    "false\n",
                    "false\n",
                    "false\n"),
            new Golden("resp3Verbatim",
                    "=29\r\ntxt:This is a verbatim\nstring\r\n",
                    "This is a verbatim\nstring\n",
                    "This is a verbatim\nstring\n",
                    "\"This is a verbatim\\nstring\"\n",
                    "\"This is a verbatim\\nstring\"\n",
                    "\"This is a verbatim\\\\nstring\"\n"),
            new Golden("resp3MapWithMultilineValue",
                    "%2\r\n$1\r\na\r\n*2\r\n:1\r\n:2\r\n$1\r\nb\r\n%1\r\n$1\r\nc\r\n:1\r\n",
                    "1# \"a\" => \n   1) (integer) 1\n   2) (integer) 2\n2# \"b\" => 1# \"c\" => (integer) 1\n",
                    "a 1\n2\nb c 1\n",
                    "\"a\",1,2,\"b\",\"c\",1\n",
                    "{\"a\":[1,2],\"b\":{\"c\":1}}\n",
                    "{\"a\":[1,2],\"b\":{\"c\":1}}\n"),
            new Golden("resp3NestedMapInArray",
                    "*2\r\n:1\r\n%2\r\n$1\r\ny\r\n%2\r\n$1\r\nq\r\n:2\r\n$1\r\np\r\n:1\r\n$1\r\nx\r\n*1\r\n:1\r\n",
                    "1) (integer) 1\n2) 1# \"y\" => \n      1# \"q\" => (integer) 2\n      2# \"p\" => (integer) 1\n   2# \"x\" => 1) (integer) 1\n",
                    "1\ny q 2\np 1\nx 1\n",
                    "1,\"y\",\"q\",2,\"p\",1,\"x\",1\n",
                    "[1,{\"y\":{\"q\":2,\"p\":1},\"x\":[1]}]\n",
                    "[1,{\"y\":{\"q\":2,\"p\":1},\"x\":[1]}]\n"));

    @TestFactory
    Stream<DynamicTest> replyIsPrintedExactlyAsRedisCliPrintsIt() {
        return GOLDEN.stream().map(g -> DynamicTest.dynamicTest(g.name(), () -> {
            RespValue reply = read(g.wire());
            assertEquals(g.standard(), latin1(ReplyFormatter.tty(reply)), "standard output");
            assertEquals(g.raw(), latin1(ReplyFormatter.raw(reply)) + "\n", "raw output");
            assertEquals(g.csv(), latin1(ReplyFormatter.csv(reply)) + "\n", "--csv");
            assertEquals(g.json(), latin1(ReplyFormatter.json(reply, false)) + "\n", "--json");
            assertEquals(g.quotedJson(), latin1(ReplyFormatter.json(reply, true)) + "\n", "--quoted-json");
        }));
    }

    @Test
    void bigNumberIsPrintedAsLaterRedisCliVersionsPrintIt() throws IOException {
        RespValue reply = read("(1234567999999999999999999999999999999\r\n");
        assertEquals("(big number) 1234567999999999999999999999999999999\n", latin1(ReplyFormatter.tty(reply)));
        assertEquals("1234567999999999999999999999999999999", latin1(ReplyFormatter.raw(reply)));
    }

    @Test
    void attributesAreDroppedAndTheReplyAfterThemIsRead() throws IOException {
        RespValue reply = read("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.1923\r\n*1\r\n:1\r\n");
        assertEquals("1) (integer) 1\n", latin1(ReplyFormatter.tty(reply)));
    }

    @Test
    void emptyPushIsNamedAsRedisCliNamesIt() {
        assertEquals("(empty push)\n", latin1(ReplyFormatter.tty(new RespValue.Array('>', List.of()))));
    }

    private static RespValue read(String wire) throws IOException {
        return new RespReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1))).read();
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}

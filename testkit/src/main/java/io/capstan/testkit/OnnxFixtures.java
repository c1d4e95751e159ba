package io.capstan.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny ONNX models and MLflow model folders for tests that need something to serve but not a
 * trained model. The protobuf is written here field by field (a handful of bytes), so tests need
 * neither a Python nor an ONNX library to make one; ONNX Runtime loads it like any other.
 */
public final class OnnxFixtures {
    private OnnxFixtures() {
    }

    /**
     * An ONNX model whose output {@code Y} is its input {@code X}: FP32 of shape [N, features],
     * opset 13.
     */
    public static byte[] identity(int features) {
        byte[] dims = concat(message(1, message(2, text(1, "N"))), message(1, varintField(1, features)));
        byte[] type = message(2, message(1, concat(varintField(1, 1), message(2, dims)))); // elem_type 1 = FLOAT
        byte[] input = message(11, concat(text(1, "X"), type));
        byte[] output = message(12, concat(text(1, "Y"), type));
        byte[] node = message(1, concat(text(1, "X"), text(2, "Y"), text(4, "Identity")));
        byte[] graph = concat(node, text(2, "identity"), input, output);
        return concat(varintField(1, 8), text(2, "capstan-testkit"), message(7, graph),
                message(8, concat(text(1, ""), varintField(2, 13))));
    }

    /**
     * Writes an MLflow model folder ({@code MLmodel} of the onnx flavor and {@code model.onnx}) for
     * {@link #identity} into {@code dir}, which is created; returns {@code dir}.
     */
    public static Path identityModelFolder(Path dir, int features) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), identity(features));
        Files.writeString(dir.resolve("MLmodel"), "flavors:\n  onnx:\n    data: model.onnx\n");
        return dir;
    }

    private static byte[] text(int field, String value) {
        return message(field, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] message(int field, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) field << 3 | 2);
        varint(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] varintField(int field, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) field << 3);
        varint(out, value);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

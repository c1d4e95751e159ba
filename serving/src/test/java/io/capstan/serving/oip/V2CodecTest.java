package io.capstan.serving.oip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.spi.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class V2CodecTest {
    private final V2Codec codec = new V2Codec();

    private InferenceRequest decode(String json) {
        return codec.decodeRequest(json.replace('\'', '"').getBytes(UTF_8));
    }

    @Test
    void decodesNestedDataRowMajor() {
        InferenceRequest request = decode("""
                {'id':'r1','inputs':[{'name':'input','shape':[2,3],'datatype':'FP32',
                  'data':[[1,2,3],[4,5.5,6]]}],'outputs':[{'name':'probs'}]}""");
        assertThat(request.id()).isEqualTo("r1");
        assertThat(request.outputs()).containsExactly("probs");
        Tensor input = request.inputs().get("input");
        assertThat(input.shape()).containsExactly(2, 3);
        assertThat(input.floats()).containsExactly(1, 2, 3, 4, 5.5f, 6);
    }

    @Test
    void decodesFlatDataOfEveryDatatype() {
        InferenceRequest request = decode("""
                {'inputs':[
                  {'name':'f','shape':[2],'datatype':'FP64','data':[0.1,2]},
                  {'name':'l','shape':[1,2],'datatype':'INT64','data':[9007199254740993,-1]},
                  {'name':'i','shape':[2],'datatype':'INT32','data':[2147483647,-2147483648]},
                  {'name':'b','shape':[2,1],'datatype':'BOOL','data':[[true],[false]]},
                  {'name':'s','shape':[1],'datatype':'BYTES','data':['héllo']},
                  {'name':'scalar','shape':[],'datatype':'FP32','data':3}]}""");
        assertThat(request.id()).isNull();
        assertThat(request.outputs()).isEmpty();
        assertThat(request.inputs().keySet()).containsExactly("f", "l", "i", "b", "s", "scalar");
        assertThat(request.inputs().get("f").doubles()).containsExactly(0.1, 2);
        assertThat(request.inputs().get("l").longs()).containsExactly(9007199254740993L, -1);
        assertThat(request.inputs().get("i").ints()).containsExactly(Integer.MAX_VALUE, Integer.MIN_VALUE);
        assertThat(request.inputs().get("b").booleans()).containsExactly(true, false);
        assertThat(request.inputs().get("s").bytes()[0]).isEqualTo("héllo".getBytes(UTF_8));
        assertThat(request.inputs().get("scalar").floats()).containsExactly(3);
    }

    @Test
    void requestRoundTrips() {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        inputs.put("a", Tensor.ofFloats("a", new long[] {2, 2}, 1.5f, -0f, 3.4028235e38f, 1e-45f));
        inputs.put("b", Tensor.ofLongs("b", new long[] {3}, Long.MIN_VALUE, 0, Long.MAX_VALUE));
        inputs.put("c", Tensor.ofBytes("c", new long[] {2}, "x".getBytes(UTF_8), new byte[0]));
        inputs.put("d", Tensor.ofBooleans("d", new long[] {0}));
        InferenceRequest request = new InferenceRequest("id-7", inputs, List.of("out"));
        assertThat(codec.decodeRequest(codec.encodeRequest(request))).isEqualTo(request);
    }

    @Test
    void responseRoundTripsAndOmitsAbsentFields() {
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        outputs.put("probs", Tensor.ofFloats("probs", new long[] {1, 2}, 0.25f, 0.75f));
        outputs.put("label", Tensor.ofInts("label", new long[] {1}, 1));
        outputs.put("score", Tensor.ofDoubles("score", new long[] {1}, 0.1));
        InferenceResponse response = new InferenceResponse("iris", "3", "r1", outputs);
        byte[] json = codec.encodeResponse(response);
        assertThat(new String(json, UTF_8)).isEqualTo("{\"model_name\":\"iris\",\"model_version\":\"3\","
                + "\"id\":\"r1\",\"outputs\":[{\"name\":\"probs\",\"datatype\":\"FP32\",\"shape\":[1,2],"
                + "\"data\":[0.25,0.75]},{\"name\":\"label\",\"datatype\":\"INT32\",\"shape\":[1],"
                + "\"data\":[1]},{\"name\":\"score\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[0.1]}]}");
        assertThat(codec.decodeResponse(json)).isEqualTo(response);

        InferenceResponse bare = new InferenceResponse("m", null, null, Map.of());
        assertThat(new String(codec.encodeResponse(bare), UTF_8))
                .isEqualTo("{\"model_name\":\"m\",\"outputs\":[]}");
        assertThat(codec.decodeResponse(codec.encodeResponse(bare))).isEqualTo(bare);
    }

    @Test
    void nonFiniteOutputsAreNotWrittenAsInvalidJson() {
        InferenceResponse response = new InferenceResponse("m", null, null,
                Map.of("x", Tensor.ofFloats("x", new long[] {1}, Float.NaN)));
        assertThatThrownBy(() -> codec.encodeResponse(response))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {'inputs':[{'name':'x','shape':[2],'datatype':'FP32','data':[1,2]}      | Malformed JSON
            []                                                                     | must be a JSON object
            {'inputs':[]}                                                          | non-empty 'inputs'
            {'inputs':[{'shape':[1],'datatype':'FP32','data':[1]}]}                | needs a string 'name'
            {'inputs':[{'name':'x','shape':[1],'data':[1]}]}                       | needs a string 'datatype'
            {'inputs':[{'name':'x','shape':[1],'datatype':'FP16','data':[1]}]}     | Unsupported datatype 'FP16'
            {'inputs':[{'name':'x','datatype':'FP32','data':[1]}]}                 | needs a 'shape' array
            {'inputs':[{'name':'x','shape':[-1],'datatype':'FP32','data':[1]}]}    | invalid shape
            {'inputs':[{'name':'x','shape':[1.5],'datatype':'FP32','data':[1]}]}   | invalid shape
            {'inputs':[{'name':'x','shape':[1],'datatype':'FP32'}]}                | has no 'data'
            {'inputs':[{'name':'x','shape':[2,2],'datatype':'FP32','data':[1,2,3]}]} | shape [2, 2] (4 elements) but 3 data values
            {'inputs':[{'name':'x','shape':[1],'datatype':'FP32','data':['a']}]}   | is FP32 but has data element "a"
            {'inputs':[{'name':'x','shape':[1],'datatype':'INT64','data':[1.5]}]}  | is INT64 but has data element 1.5
            {'inputs':[{'name':'x','shape':[1],'datatype':'INT32','data':[2147483648]}]} | is INT32 but has data element 2147483648
            {'inputs':[{'name':'x','shape':[1],'datatype':'BOOL','data':[1]}]}     | is BOOL but has data element 1
            {'inputs':[{'name':'x','shape':[1],'datatype':'BYTES','data':[1]}]}    | is BYTES but has data element 1
            {'inputs':[{'name':'x','shape':[1],'datatype':'FP32','data':[null]}]}  | has data element null
            {'inputs':[{'name':'x','shape':[1],'datatype':'FP32','data':[1]},{'name':'x','shape':[1],'datatype':'FP32','data':[1]}]} | 'x' appears twice
            {'inputs':[{'name':'x','shape':[1],'datatype':'FP32','parameters':{'binary_data_size':4}}]} | only 0 bytes of binary data are left
            {'inputs':[{'name':'x','shape':[1],'datatype':'FP32','parameters':{'binary_data_size':-4}}]} | invalid binary_data_size
            {'inputs':[{'name':'x','shape':[1],'datatype':'FP32','data':[1]}],'outputs':[{'name':'y'},{'name':'y'}]} | requested twice
            {'id':5,'inputs':[{'name':'x','shape':[1],'datatype':'FP32','data':[1]}]} | 'id' must be a string
            {'inputs':[{'name':'x','shape':[1],'datatype':'FP32','data':[1]}],'inputs':[]} | Malformed JSON
            """)
    void refusesBadRequests(String json, String message) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining(message);
    }

    /** A request as tritonclient sends it: JSON header, then each input's bytes in order. */
    private static byte[] binaryRequest(String header, byte[]... blobs) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(header.replace('\'', '"').getBytes(UTF_8));
        for (byte[] blob : blobs) {
            out.writeBytes(blob);
        }
        return out.toByteArray();
    }

    private static int headerLength(String header) {
        return header.replace('\'', '"').getBytes(UTF_8).length;
    }

    private static byte[] littleEndian(int bytes, java.util.function.Consumer<java.nio.ByteBuffer> fill) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        fill.accept(buffer);
        return buffer.array();
    }

    @Test
    void decodesBinaryTensorDataOfEveryDatatype() {
        String header = "{'inputs':["
                + "{'name':'f','shape':[2],'datatype':'FP32','parameters':{'binary_data_size':8}},"
                + "{'name':'d','shape':[1],'datatype':'FP64','parameters':{'binary_data_size':8}},"
                + "{'name':'l','shape':[1],'datatype':'INT64','parameters':{'binary_data_size':8}},"
                + "{'name':'i','shape':[1],'datatype':'INT32','parameters':{'binary_data_size':4}},"
                + "{'name':'b','shape':[2],'datatype':'BOOL','parameters':{'binary_data_size':2}},"
                + "{'name':'s','shape':[2],'datatype':'BYTES','parameters':{'binary_data_size':11}},"
                + "{'name':'j','shape':[1],'datatype':'FP32','data':[7]}],"
                + "'parameters':{'binary_data_output':true}}";
        byte[] body = binaryRequest(header,
                littleEndian(8, b -> b.putFloat(1.5f).putFloat(-2f)),
                littleEndian(8, b -> b.putDouble(0.1)),
                littleEndian(8, b -> b.putLong(1L << 40)),
                littleEndian(4, b -> b.putInt(-3)),
                new byte[] {1, 0},
                littleEndian(11, b -> b.putInt(2).put("hi".getBytes(UTF_8)).putInt(1).put((byte) 'x')));
        InferenceRequest request = codec.decodeRequest(body, headerLength(header));
        assertThat(request.inputs().get("f").floats()).containsExactly(1.5f, -2f);
        assertThat(request.inputs().get("d").doubles()).containsExactly(0.1);
        assertThat(request.inputs().get("l").longs()).containsExactly(1L << 40);
        assertThat(request.inputs().get("i").ints()).containsExactly(-3);
        assertThat(request.inputs().get("b").booleans()).containsExactly(true, false);
        byte[][] strings = request.inputs().get("s").bytes();
        assertThat(new String(strings[0], UTF_8)).isEqualTo("hi");
        assertThat(new String(strings[1], UTF_8)).isEqualTo("x");
        assertThat(request.inputs().get("j").floats()).containsExactly(7f);
        assertThat(request.binaryByDefault()).isTrue();
        assertThat(request.binary("anything")).isTrue();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            {'inputs':[{'name':'x','shape':[2],'datatype':'FP32','parameters':{'binary_data_size':4}}]} | 4 | which is 8 bytes, but binary_data_size is 4
            {'inputs':[{'name':'x','shape':[1],'datatype':'FP32','parameters':{'binary_data_size':4}}]} | 8 | 4 bytes of binary data that no input claims
            {'inputs':[{'name':'x','shape':[1],'datatype':'BYTES','parameters':{'binary_data_size':4}}]} | 4 | claims 1000 bytes
            {'inputs':[{'name':'x','shape':[1],'datatype':'FP32','data':[1],'parameters':{'binary_data_size':4}}]} | 4 | both 'data' and binary_data_size
            """)
    void refusesBadBinaryData(String header, int tailBytes, String message) {
        byte[] tail = littleEndian(tailBytes, b -> b.putInt(0, 1000));
        assertThatThrownBy(() -> codec.decodeRequest(binaryRequest(header, tail), headerLength(header)))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining(message);
    }

    @Test
    void refusesAHeaderLengthPastTheBody() {
        assertThatThrownBy(() -> codec.decodeRequest("{}".getBytes(UTF_8), 10))
                .hasMessageContaining("Inference-Header-Content-Length is 10 but the body has 2 bytes");
        assertThatThrownBy(() -> codec.decodeRequest("{}".getBytes(UTF_8), 0))
                .hasMessageContaining("Raw binary requests");
    }

    @Test
    void encodesRequestedOutputsAsBinaryAfterTheJsonHeader() {
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        outputs.put("label", Tensor.ofLongs("label", new long[] {2}, 0, 2));
        outputs.put("prob", Tensor.ofFloats("prob", new long[] {2}, 0.25f, 0.75f));
        InferenceRequest request = new InferenceRequest(null,
                Map.of("x", Tensor.ofFloats("x", new long[] {1}, 1f)), List.of("label", "prob"),
                java.util.Set.of("prob"), false);
        V2Codec.Encoded encoded = codec.encodeResponse(new InferenceResponse("m", "1", null, outputs), request);
        String header = new String(encoded.body(), 0, encoded.headerLength(), UTF_8);
        assertThat(header).isEqualTo("{\"model_name\":\"m\",\"model_version\":\"1\",\"outputs\":["
                + "{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[2],\"data\":[0,2]},"
                + "{\"name\":\"prob\",\"datatype\":\"FP32\",\"shape\":[2],\"parameters\":{\"binary_data_size\":8}}]}");
        java.nio.ByteBuffer tail = java.nio.ByteBuffer.wrap(encoded.body(), encoded.headerLength(), 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(tail.getFloat()).isEqualTo(0.25f);
        assertThat(tail.getFloat()).isEqualTo(0.75f);
        assertThat(encoded.body()).hasSize(encoded.headerLength() + 8);
    }

    @Test
    void answersAllJsonWhenNoOutputIsBinary() {
        InferenceRequest request = new InferenceRequest(null, Map.of("x", Tensor.ofFloats("x", new long[] {1}, 1f)),
                List.of());
        V2Codec.Encoded encoded = codec.encodeResponse(new InferenceResponse("m", null, null,
                Map.of("y", Tensor.ofFloats("y", new long[] {1}, 2f))), request);
        assertThat(encoded.headerLength()).isEqualTo(-1);
        assertThat(new String(encoded.body(), UTF_8)).contains("\"data\":[2.0]");
    }
}

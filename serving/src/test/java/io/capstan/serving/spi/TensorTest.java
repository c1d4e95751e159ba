package io.capstan.serving.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void checksShapeAgainstDataLength() {
        assertThat(Tensor.ofFloats("x", new long[] {2, 3}, new float[6]).size()).isEqualTo(6);
        assertThat(Tensor.ofFloats("x", new long[] {}, 1f).rank()).isZero();
        assertThat(Tensor.ofFloats("x", new long[] {0, 5}).size()).isZero();
        assertInvalid(() -> Tensor.ofFloats("x", new long[] {2, 3}, new float[5]),
                "shape [2, 3] (6 elements) but 5 data values");
        assertInvalid(() -> Tensor.ofFloats("x", new long[] {-1, 2}, new float[2]), "negative dimension");
        assertInvalid(() -> Tensor.ofFloats("x", new long[] {1L << 40}), "too large");
    }

    @Test
    void checksArrayTypeAgainstDatatype() {
        assertInvalid(() -> new Tensor("x", DataType.FP32, new long[] {1}, new double[1]),
                "'x' is FP32 but its data is a double[]");
        assertInvalid(() -> new Tensor("x", DataType.BYTES, new long[] {1}, new byte[1][]),
                "null BYTES element");
        assertInvalid(() -> Tensor.ofInts(" ", new long[] {1}, 1), "blank");
        assertThatThrownBy(() -> Tensor.ofInts("x", new long[] {1}, 1).floats())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void comparesByContentAndCopiesShape() {
        long[] shape = {2};
        Tensor a = Tensor.ofBytes("s", shape, new byte[] {1}, new byte[] {2});
        shape[0] = 9;
        assertThat(a.shape()).containsExactly(2);
        assertThat(a).isEqualTo(Tensor.ofBytes("s", new long[] {2}, new byte[] {1}, new byte[] {2}))
                .hasSameHashCodeAs(Tensor.ofBytes("s", new long[] {2}, new byte[] {1}, new byte[] {2}))
                .isNotEqualTo(Tensor.ofBytes("s", new long[] {2}, new byte[] {1}, new byte[] {3}));
        assertThat(Tensor.ofLongs("l", new long[] {1}, 1)).isNotEqualTo(Tensor.ofInts("l", new long[] {1}, 1));
        assertThat(Tensor.ofFloats("f", new long[] {2}, 1, 2)).hasToString("Tensor[f FP32[2] [1.0, 2.0]]");
    }

    @Test
    void specAcceptsDynamicDimensions() {
        TensorSpec spec = new TensorSpec("x", DataType.FP32, new long[] {-1, 2});
        assertThat(spec.accepts(new long[] {7, 2})).isTrue();
        assertThat(spec.accepts(new long[] {7, 3})).isFalse();
        assertThat(spec.accepts(new long[] {2})).isFalse();
        assertThat(DataType.fromWire("INT64")).isEqualTo(DataType.INT64);
        assertInvalid(() -> DataType.fromWire("fp32"), "Unsupported datatype 'fp32'");
    }

    private static void assertInvalid(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining(message);
    }
}

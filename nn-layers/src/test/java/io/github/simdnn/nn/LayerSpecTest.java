package io.github.simdnn.nn;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerSpecTest {

    @Test
    void textFormRoundTrips() {
        for (LayerSpec spec : List.of(LayerSpec.dense(784, 128), LayerSpec.activation("sigmoid", 128),
                LayerSpec.activation("tanh", 3), LayerSpec.activation("relu", 64), LayerSpec.activation("softmax", 10))) {
            assertEquals(spec, LayerSpec.parse(spec.toString()));
        }
        assertEquals("dense(784,128)", LayerSpec.dense(784, 128).toString());
        assertEquals("softmax(10)", LayerSpec.activation("softmax", 10).toString());
        assertEquals(LayerSpec.dense(4, 2), LayerSpec.parse(" Dense( 4 , 2 ) "));
    }

    @Test
    void createsTheDescribedLayer() {
        assertInstanceOf(Dense.class, LayerSpec.dense(3, 2).create(Initializer.GLOROT_UNIFORM, 1));
        assertInstanceOf(Sigmoid.class, LayerSpec.parse("sigmoid(3)").create(Initializer.GLOROT_UNIFORM, 1));
        assertInstanceOf(Tanh.class, LayerSpec.parse("tanh(3)").create(Initializer.GLOROT_UNIFORM, 1));
        assertInstanceOf(ReLU.class, LayerSpec.parse("relu(3)").create(Initializer.GLOROT_UNIFORM, 1));
        assertInstanceOf(Softmax.class, LayerSpec.parse("softmax(3)").create(Initializer.GLOROT_UNIFORM, 1));
        for (Layer layer : List.of(new Dense(3, 2, 1), new Sigmoid(3), new Tanh(3), new ReLU(3), new Softmax(3))) {
            assertEquals(layer.spec(), LayerSpec.parse(layer.toString()), "a layer prints as its spec");
        }
    }

    @Test
    void rejectsBadDescriptions() {
        assertMessage(() -> LayerSpec.parse("conv(3,3)"), "unknown layer type \"conv\"");
        assertMessage(() -> LayerSpec.parse("dense(3)"), "dense needs two sizes");
        assertMessage(() -> LayerSpec.parse("relu(3,4)"), "relu takes one size");
        assertMessage(() -> LayerSpec.parse("dense 3 4"), "cannot read layer \"dense 3 4\"");
        assertMessage(() -> LayerSpec.parse("dense(0,4)"), "sizes must be >= 1");
        assertMessage(() -> LayerSpec.parse("dense(99999999999,4)"), "size out of range");
        assertMessage(() -> new LayerSpec("tanh", 3, 4), "tanh keeps its size");
        assertMessage(() -> LayerSpec.activation("dense", 3), "dense is not an activation");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}

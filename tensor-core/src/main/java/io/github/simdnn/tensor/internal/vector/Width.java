package io.github.simdnn.tensor.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float species every kernel of this package uses ({@link MicroKernels#S} and all that derive from it):
 * the JVM's preferred species, which is the widest the CPU has (512 bits on AVX-512, 256 on AVX2) unless
 * {@code -XX:MaxVectorSize} lowers it.
 *
 * <p>{@value #PROPERTY} is a read-only switch for tests, like {@code simdnn.scalar}: {@code -Dsimdnn.vectorBits=512}
 * (or 256, 128) runs every kernel at that width instead. A width the CPU lacks is not compiled to SIMD
 * instructions; the Vector API then runs its Java fallback, which computes the same values tens of times more
 * slowly. That is how the 512-bit kernels (10-row panels, 16×16 transposes) are tested on an AVX2 machine, and
 * why the property has no place outside tests. Any other value is ignored with a warning.
 */
final class Width {

    static final String PROPERTY = "simdnn.vectorBits";

    static final VectorSpecies<Float> FLOAT = VectorSpecies.of(float.class, shape(System.getProperty(PROPERTY)));

    /** True when {@link #FLOAT} is wider than the preferred species: the kernels run emulated. */
    static final boolean EMULATED = FLOAT.vectorBitSize() > FloatVector.SPECIES_PREFERRED.vectorBitSize();

    private Width() {
    }

    /** The shape the property's value names: 128, 256 or 512 bits; the preferred shape for null or anything else. */
    static VectorShape shape(String value) {
        if (value == null) {
            return VectorShape.preferredShape();
        }
        return switch (value.strip()) {
            case "128" -> VectorShape.S_128_BIT;
            case "256" -> VectorShape.S_256_BIT;
            case "512" -> VectorShape.S_512_BIT;
            default -> {
                System.getLogger("io.github.simdnn.tensor").log(System.Logger.Level.WARNING,
                        "simdnn: ignoring -D" + PROPERTY + "=" + value + " (expected 128, 256 or 512)");
                yield VectorShape.preferredShape();
            }
        };
    }
}

package io.github.simdnn.tensor.internal;


/**
 * Chooses the kernels once, when first used: the Vector API implementation when the module
 * {@code jdk.incubator.vector} is in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}) and the system property {@code simdnn.scalar} is not
 * {@code true}; otherwise the scalar fallback, with one warning naming the missing flag.
 *
 * <p>The vector classes are loaded by name only after that check, so a JVM without the module never links them.
 */
public final class Implementations {

    /** Read-only switch for baselines and tests: {@code -Dsimdnn.scalar=true} selects the scalar kernels. */
    public static final String FORCE_SCALAR_PROPERTY = "simdnn.scalar";

    private static final String VECTOR_PROVIDER = "io.github.simdnn.tensor.internal.vector.VectorProvider";

    private static final KernelProvider PROVIDER = choose();
    private static final GemmKernel GEMM = PROVIDER.gemm();
    private static final ElementKernels ELEMENTS = PROVIDER.elements();

    private Implementations() {
    }

    private static KernelProvider choose() {
        System.Logger log = System.getLogger("io.github.simdnn.tensor");
        if (Boolean.getBoolean(FORCE_SCALAR_PROPERTY)) {
            return new ScalarProvider();
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            log.log(System.Logger.Level.WARNING, "simdnn: module jdk.incubator.vector is not present, so the slower scalar kernels are used."
                    + " Start the JVM with --add-modules jdk.incubator.vector for SIMD speed.");
            return new ScalarProvider();
        }
        try {
            return (KernelProvider) Class.forName(VECTOR_PROVIDER).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            log.log(System.Logger.Level.WARNING, "simdnn: Vector API kernels could not be loaded (" + e + "); using the scalar kernels.");
            return new ScalarProvider();
        }
    }

    /** The scalar kernels, whatever was chosen: baselines and test oracles. */
    public static KernelProvider scalar() {
        return new ScalarProvider();
    }

    public static GemmKernel gemm() {
        return GEMM;
    }

    public static ElementKernels elements() {
        return ELEMENTS;
    }

    /** Packs a matrix for repeated matrix-vector products with the chosen kernels. */
    public static PackedGemv pack(int rows, int cols, float[] a, int aOff, int lda, float[] bias, int biasOff) {
        return PROVIDER.pack(rows, cols, a, aOff, lda, bias, biasOff);
    }

    public static String name() {
        return PROVIDER.name();
    }
}

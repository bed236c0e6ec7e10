package io.github.simdnn.training.io;

import io.github.simdnn.nn.LayerSpec;
import io.github.simdnn.nn.Loss;
import io.github.simdnn.nn.Network;
import io.github.simdnn.nn.Parameter;
import io.github.simdnn.training.data.DataSpec;
import io.github.simdnn.training.data.Normalization;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Saves and loads a whole model ({@link SavedModel}) as a {@link SafeTensorsFile safetensors} file that PyTorch
 * can also read.
 *
 * <p>Tensors use PyTorch's {@code nn.Sequential} naming with the layers in a {@code layers} attribute: dense layer
 * {@code i} (its index among all layers, activations included) stores {@code layers.i.weight} with shape
 * {@code [outputSize, inputSize]} and {@code layers.i.bias} with shape {@code [outputSize]}, exactly like
 * {@code nn.Linear}. The metadata holds:
 * <ul>
 *   <li>{@value #FORMAT} = {@code pt} (the tensors follow PyTorch conventions);</li>
 *   <li>{@value #VERSION} = {@code 2}, the version of this layout (version 1, the same but for the normalization's
 *       units, is still read: see {@link #load});</li>
 *   <li>{@value #ARCHITECTURE}: JSON {@code {"input_size": 64, "layers": [{"type": "dense", "input_size": 64,
 *       "output_size": 32}, {"type": "relu", "size": 32}, ...], "loss": "softmax_cross_entropy"}};</li>
 *   <li>{@value #NORMALIZATION}: the JSON of {@link Normalization#toJson()};</li>
 *   <li>{@value #CLASS_NAMES}: a JSON array of strings;</li>
 *   <li>any {@link SavedModel#info()} entries under their own keys; the command line writes {@value #DATA} (its
 *       {@code --data}), which also tells a version-1 file's units, and the split it trained with.</li>
 * </ul>
 * Loading checks that the tensors are exactly the ones the architecture needs, with its shapes, and finite values,
 * before a network is built; any mismatch is a {@link ModelFormatException} naming the file and the tensor.
 */
public final class ModelFile {

    /** Metadata key: tensor conventions, always {@code pt}. */
    public static final String FORMAT = "format";
    /** Metadata key: version of this model layout. */
    public static final String VERSION = "simdnn.model_version";
    /** Metadata key: the architecture JSON. */
    public static final String ARCHITECTURE = "architecture";
    /** Metadata key: the normalization JSON. */
    public static final String NORMALIZATION = "normalization";
    /** Metadata key: the class names JSON. */
    public static final String CLASS_NAMES = "class_names";

    /** The keys {@link SavedModel#info()} may not use. */
    public static final Set<String> RESERVED_KEYS = Set.of(FORMAT, VERSION, ARCHITECTURE, NORMALIZATION, CLASS_NAMES);

    private static final String CURRENT_VERSION = "2";
    /**
     * The layout before the normalization stored the loader's scaling ({@link Normalization#inputScale()}): its
     * normalization applies to values as simdnn's loaders returned them (digits pixels /16, IDX pixels ×1/255).
     */
    private static final String VERSION_1 = "1";
    /** Metadata key under which the command line records its {@code --data}; version 1's units follow from it. */
    public static final String DATA = "simdnn.data";

    private ModelFile() {
    }

    /**
     * Writes {@code model} to {@code file}, replacing it atomically (see {@link SafeTensorsFile#write}). The network
     * must not be trained while this runs.
     *
     * @throws IllegalArgumentException if an info key is reserved or a weight is not finite (such a file could not
     *                                  be loaded)
     * @throws IOException              if writing fails, or a directory, device or pipe is at {@code file} (a
     *                                  symbolic link there is replaced); {@code file} is then unchanged
     */
    public static void save(Path file, SavedModel model) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(model, "model");
        for (String key : model.info().keySet()) {
            if (RESERVED_KEYS.contains(key)) {
                throw new IllegalArgumentException("info key '" + key + "' is reserved; the reserved keys are "
                        + RESERVED_KEYS);
            }
        }
        Network network = model.network();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : network.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            String name = "layers." + e.getKey();
            checkFinite(name, p.value());
            int[] shape = p.isWeight() ? new int[]{p.rows(), p.cols()} : new int[]{p.size()};
            tensors.put(name, Tensor.of(p.value(), shape));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT, "pt");
        metadata.put(VERSION, CURRENT_VERSION);
        metadata.put(ARCHITECTURE, ModelMetadata.architectureJson(network.inputSize(), network.specs(),
                network.loss().name()));
        metadata.put(NORMALIZATION, model.normalization().toJson());
        metadata.put(CLASS_NAMES, ModelMetadata.classNamesJson(model.classNames()));
        metadata.putAll(model.info());
        SafeTensorsFile.write(file, tensors, metadata);
    }

    private static void checkFinite(String name, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("cannot save: " + name + " holds " + values[i] + " at index " + i
                        + " (did training diverge?)");
            }
        }
    }

    /**
     * Reads a model written by {@link #save} and builds its network with workspaces for batches of up to
     * {@code maxBatch} samples. A version-1 file (before the normalization recorded the loader's scaling) gets the
     * input scale of the loader its {@value #DATA} names, so that its normalization too maps the data file's units.
     *
     * @throws ModelFormatException if the file is not a valid simdnn model (corrupt, another version, tensors that
     *                              do not match the architecture, non-finite weights, ...)
     * @throws IOException          if it cannot be read
     */
    public static SavedModel load(Path file, int maxBatch) throws IOException {
        Objects.requireNonNull(file, "file");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1 but was " + maxBatch);
        }
        String source = file.toString();
        SafeTensorsFile contents = SafeTensorsFile.read(file);
        Map<String, String> metadata = contents.metadata();
        String version = metadata.get(VERSION);
        if (version == null) {
            throw new ModelFormatException(source + ": not a simdnn model file (no " + VERSION + " metadata)");
        }
        if (!version.equals(CURRENT_VERSION) && !version.equals(VERSION_1)) {
            throw new ModelFormatException(source + ": model layout version " + version + " is not supported (this "
                    + "simdnn reads versions " + VERSION_1 + " and " + CURRENT_VERSION + ")");
        }
        ModelMetadata.Architecture architecture =
                ModelMetadata.architecture(source, required(source, metadata, ARCHITECTURE));
        Loss loss;
        try {
            loss = Loss.forName(architecture.loss());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": architecture: " + e.getMessage(), e);
        }
        Map<String, float[]> weights = checkTensors(source, architecture.layers(), contents.tensors());
        Normalization normalization;
        try {
            normalization = Normalization.fromJson(required(source, metadata, NORMALIZATION));
            if (version.equals(VERSION_1) && normalization.inputScale() == 1f) {
                normalization = normalization.withInputScale(version1InputScale(metadata.get(DATA)));
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": " + e.getMessage(), e);
        }
        List<String> classNames = ModelMetadata.classNames(source, required(source, metadata, CLASS_NAMES));

        Network network;
        try {
            network = Network.fromSpecs(architecture.layers(), loss, maxBatch, 0L);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": the architecture is not a valid network: " + e.getMessage(), e);
        }
        for (Map.Entry<String, Parameter> e : network.namedParameters().entrySet()) {
            float[] values = weights.get("layers." + e.getKey());
            assert values != null : "checkTensors covers every parameter of the architecture: " + e.getKey();
            e.getValue().setValue(values);
        }
        Map<String, String> info = new LinkedHashMap<>(metadata);
        info.keySet().removeAll(RESERVED_KEYS);
        try {
            return new SavedModel(network, normalization, classNames, info);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The input scale a version-1 file's normalization needs to map its data file's own units: the scaling of the
     * loader named by its {@value #DATA} (written by the command line), else 1 (a model saved through the library
     * keeps the units its caller used).
     */
    private static float version1InputScale(String data) {
        if (data == null) {
            return 1f;
        }
        try {
            return DataSpec.parse(data).inputScale();
        } catch (IllegalArgumentException e) {
            return 1f;
        }
    }

    private static String required(String source, Map<String, String> metadata, String key)
            throws ModelFormatException {
        String value = metadata.get(key);
        if (value == null) {
            throw new ModelFormatException(source + ": metadata '" + key + "' is missing");
        }
        return value;
    }

    /**
     * Checks the file has exactly the tensors of the architecture's dense layers, with their shapes and finite
     * values, before anything is allocated for the network.
     *
     * @return the values by tensor name
     */
    private static Map<String, float[]> checkTensors(String source, List<LayerSpec> layers,
                                                     Map<String, Tensor> tensors) throws ModelFormatException {
        Map<String, float[]> values = new LinkedHashMap<>();
        boolean anyDense = false;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec spec = layers.get(i);
            if (spec.isDense()) {
                anyDense = true;
                expect(source, tensors, "layers." + i + ".weight", new int[]{spec.outputSize(), spec.inputSize()},
                        spec, values);
                expect(source, tensors, "layers." + i + ".bias", new int[]{spec.outputSize()}, spec, values);
            }
        }
        if (!anyDense) {
            throw new ModelFormatException(source + ": the architecture has no dense layer");
        }
        for (String name : tensors.keySet()) {
            if (!values.containsKey(name)) {
                throw new ModelFormatException(source + ": unexpected tensor '" + name + "'; the architecture needs "
                        + values.keySet());
            }
        }
        return values;
    }

    private static void expect(String source, Map<String, Tensor> tensors, String name, int[] shape, LayerSpec spec,
                               Map<String, float[]> values) throws ModelFormatException {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new ModelFormatException(source + ": tensor '" + name + "' of " + spec + " is missing");
        }
        if (!Arrays.equals(tensor.shape(), shape)) {
            throw new ModelFormatException(source + ": tensor '" + name + "' has shape "
                    + Arrays.toString(tensor.shape()) + " but " + spec + " needs " + Arrays.toString(shape));
        }
        float[] v = tensor.toArray();
        for (int k = 0; k < v.length; k++) {
            if (!Float.isFinite(v[k])) {
                throw new ModelFormatException(source + ": tensor '" + name + "' holds " + v[k] + " at index " + k);
            }
        }
        values.put(name, v);
    }
}

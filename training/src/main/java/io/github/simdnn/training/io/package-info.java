/**
 * Model files in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format.
 * {@link io.github.simdnn.training.io.SafeTensorsFile} reads and writes named float32
 * {@link io.github.simdnn.training.io.Tensor tensors} with string metadata (atomic replace on write; strict
 * validation on read, so corrupt or hostile files are rejected with
 * {@link io.github.simdnn.training.io.ModelFormatException} before anything large is allocated).
 * {@link io.github.simdnn.training.io.ModelFile} stores a whole {@link io.github.simdnn.training.io.SavedModel}
 * (network, normalization, class names) with PyTorch {@code nn.Sequential} tensor names, so the weights load in
 * PyTorch or NumPy too.
 */
package io.github.simdnn.training.io;

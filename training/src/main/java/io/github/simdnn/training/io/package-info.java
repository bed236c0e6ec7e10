/**
 * Model files in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format:
 * {@link io.github.simdnn.training.io.SafeTensorsFile} reads and writes named float32 tensors with string
 * metadata. Corrupt or hostile files are rejected with {@link io.github.simdnn.training.io.ModelFormatException}
 * before anything large is allocated.
 */
package io.github.simdnn.training.io;

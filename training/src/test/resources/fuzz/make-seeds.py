#!/usr/bin/env python3
"""Writes the seed corpora of the reader fuzz tests (Jazzer's layout: resources/<package>/<TestClass>Inputs/<method>/).

Run from anywhere (paths are relative to this script): python3 training/src/test/resources/fuzz/make-seeds.py
Each corpus holds valid files (named valid-*; DataSeedCorpusTest and ModelSeedCorpusTest check that they load)
and near-valid ones, each broken in one way, so both the accepting and every rejecting path start covered. The input framing of each fuzz
test is described in its class comment.
"""
import gzip
import json
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "io", "github", "simdnn", "training")


def corpus(package, test_class, method):
    d = os.path.join(ROOT, package, test_class + "Inputs", method)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    return d


def put(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, mtime=0)


# ---------------------------------------------------------------- CSV: byte 0 = mode, then the file

def csv_seeds():
    d = corpus("data", "CsvReaderFuzzTest", "readCsv")
    text = b"1.5,2,0\n3,4.25,1\n-1,0,2\n"
    put(d, "valid-default", b"\x00" + text)
    put(d, "valid-header", b"\x00a,b,label\n1,2e-3,0\n3,-4,1\n")
    put(d, "valid-sklearn-header", b"\x003,2,x,y,z\n1,2,0\n3,4,1\n5,6,2\n")
    put(d, "valid-crlf-bom-trailing-blank", b"\x00\xef\xbb\xbf1,2,0\r\n3,4,1\r\n\r\n")
    put(d, "valid-label-first-3-classes", b"\x010,1,2\n2,3,4\n1,5,6\n")
    put(d, "valid-10-classes", b"\x02" + text)
    put(d, "valid-gzip-flag", b"\x04" + text)
    row1 = ",".join(str(i % 17) for i in range(64)) + ",3\n"
    row2 = ",".join(str((5 * i) % 17) for i in range(64)) + ",9\n"
    digits = (row1 + row2).encode()
    put(d, "valid-digits", b"\x03" + digits)
    put(d, "valid-digits-gzip-flag", b"\x07" + digits)
    put(d, "valid-raw-gzip", b"\x00" + gz(text))
    put(d, "bad-ragged-row", b"\x001,2,0\n3,1\n")
    put(d, "bad-nan-cell", b"\x001,NaN,0\n")
    put(d, "bad-overflow-cell", b"\x001e39,2,0\n")
    put(d, "bad-label-out-of-range", b"\x001,2,99999999\n")
    put(d, "bad-label-fraction", b"\x001,2,1.5\n")
    put(d, "bad-label-class-count", b"\x020,1,10\n")
    put(d, "bad-blank-line-inside", b"\x001,2,0\n\n3,4,1\n")
    put(d, "bad-utf8", b"\x00a,\xff\xfe,label\n1,2,0\n")
    put(d, "bad-header-only", b"\x00a,b,label\n")
    put(d, "bad-sklearn-count", b"\x005,2,x,y\n1,2,0\n")
    put(d, "bad-one-column", b"\x001\n2\n")
    put(d, "bad-digits-pixel", b"\x03" + (",".join(["17"] * 64) + ",1\n").encode())
    put(d, "bad-digits-width", b"\x03" + text)
    raw = gz(text)
    put(d, "bad-raw-gzip-truncated", b"\x00" + raw[: len(raw) // 2])
    corrupt = bytearray(raw)
    corrupt[-6] ^= 0xFF  # CRC-32
    put(d, "bad-raw-gzip-crc", b"\x00" + bytes(corrupt))
    put(d, "bad-gzip-magic-only", b"\x00\x1f\x8b")


# ---------------------------------------------------------------- IDX: flags, u16 images length, images, labels

def idx(type_code, dims, payload):
    return bytes([0, 0, type_code, len(dims)]) + b"".join(struct.pack(">I", x) for x in dims) + payload


def frame(flags, images, labels):
    return bytes([flags]) + struct.pack(">H", len(images)) + images + labels


def idx_seeds():
    d = corpus("data", "IdxReaderFuzzTest", "readIdx")
    images = idx(8, [2, 2, 3], bytes([0, 128, 255, 1, 2, 3, 9, 8, 7, 6, 5, 4]))
    labels = idx(8, [2], bytes([0, 9]))
    put(d, "valid-plain", frame(0, images, labels))
    put(d, "valid-gzip-flags", frame(3, images, labels))
    put(d, "valid-3-classes", frame(3 << 2, images, idx(8, [2], bytes([2, 1]))))
    put(d, "valid-raw-gzip", frame(0, gz(images), gz(labels)))
    put(d, "bad-truncated-data", frame(0, images[:-1], labels))
    put(d, "bad-trailing-byte", frame(0, images + b"\x00", labels))
    put(d, "bad-count-mismatch", frame(0, images, idx(8, [3], bytes([0, 1, 2]))))
    put(d, "bad-float-type", frame(0, idx(0x0D, [2, 2, 3], bytes(48)), labels))
    put(d, "bad-dimensions", frame(0, idx(8, [2, 6], bytes(12)), labels))
    put(d, "bad-label-range", frame(0, images, idx(8, [2], bytes([0, 10]))))
    put(d, "bad-huge-sizes", frame(0, idx(8, [0x7FFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF], b""), labels))
    put(d, "bad-huge-sizes-gzip", frame(1, idx(8, [60000, 28, 28], b""), labels))
    put(d, "bad-zero-images", frame(0, idx(8, [0, 2, 3], b""), idx(8, [0], b"")))
    put(d, "bad-magic", frame(0, b"\x01\x02" + images[2:], labels))
    put(d, "bad-gzip-header", frame(0, b"\x1f\x8b\x09\x00garbage", labels))
    put(d, "bad-gzip-truncated", frame(0, gz(images)[:12], labels))


# ---------------------------------------------------------------- safetensors and model files: the raw file

def safetensors(header, data=b"", raw_header=None):
    h = raw_header if raw_header is not None else json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h + data


def floats(*values):
    return struct.pack("<%df" % len(values), *values)


def tensor(shape, begin, end):
    return {"dtype": "F32", "shape": shape, "data_offsets": [begin, end]}


def safetensors_seeds():
    d = corpus("io", "SafeTensorsFuzzTest", "readSafeTensors")
    two = {"__metadata__": {"arch": "{\"sizes\":[3,2]}"},
           "w": tensor([2, 3], 0, 24), "b": tensor([2], 24, 32)}
    data = floats(1, 2, 3, 4, 5, 6, -1, 0.5)
    put(d, "valid-two-tensors", safetensors(two, data))
    put(d, "valid-empty", safetensors({}))
    put(d, "valid-scalar-and-empty-tensor",
        safetensors({"s": tensor([], 0, 4), "e": tensor([0, 3], 4, 4)}, floats(7)))
    put(d, "valid-nan-values", safetensors({"x": tensor([2], 0, 8)}, floats(float("nan"), float("inf"))))
    ref = os.path.join(ROOT, "..", "..", "..", "..", "safetensors", "reference.safetensors")
    with open(ref, "rb") as f:
        put(d, "valid-reference-implementation", f.read())
    put(d, "bad-header-length-huge", struct.pack("<Q", 1 << 62) + b"{}      ")
    put(d, "bad-header-length-negative", struct.pack("<q", -8) + b"{}      ")
    put(d, "bad-header-past-end", struct.pack("<Q", 64) + b"{}      ")
    put(d, "bad-json", safetensors(None, raw_header=b"{\"w\":"))
    put(d, "bad-not-object", safetensors([1, 2]))
    put(d, "bad-dtype", safetensors({"w": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}}, bytes(4)))
    put(d, "bad-overlap", safetensors({"a": tensor([2], 0, 8), "b": tensor([2], 4, 12)}, bytes(12)))
    put(d, "bad-gap", safetensors({"a": tensor([1], 0, 4), "b": tensor([1], 8, 12)}, bytes(12)))
    put(d, "bad-trailing-data", safetensors(two, data + b"\x00\x00\x00\x00"))
    put(d, "bad-duplicate-key", safetensors(None, raw_header=b"{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                                            b"\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                                            b"\"data_offsets\":[0,4]}}") + bytes(4))
    put(d, "bad-metadata-number", safetensors({"__metadata__": {"k": 1}}))
    put(d, "bad-header-utf8", safetensors(None, raw_header=b"{\"\xff\":{}}"))
    put(d, "bad-negative-shape", safetensors({"a": tensor([-1], 0, 4)}, bytes(4)))
    put(d, "bad-huge-shape", safetensors({"a": tensor([2147483647, 2147483647], 0, 4)}, bytes(4)))
    put(d, "bad-offsets-past-end", safetensors({"a": tensor([1], 0, 1 << 40)}, bytes(4)))
    put(d, "bad-shape-offsets-disagree", safetensors({"a": tensor([2], 0, 4)}, bytes(4)))
    put(d, "bad-deep-nesting", safetensors(None, raw_header=b"[" * 5000 + b"]" * 5000))
    put(d, "bad-unknown-field", safetensors({"a": dict(tensor([1], 0, 4), extra=1)}, bytes(4)))


def model(architecture, tensors, normalization, class_names, extra=None):
    header = {"__metadata__": {"format": "pt", "simdnn.model_version": "1",
                               "architecture": json.dumps(architecture, separators=(",", ":")),
                               "normalization": json.dumps(normalization, separators=(",", ":")),
                               "class_names": json.dumps(class_names)}}
    header["__metadata__"].update(extra or {})
    data = b""
    for name, (shape, values) in tensors.items():
        blob = floats(*values)
        header[name] = tensor(shape, len(data), len(data) + len(blob))
        data += blob
    return safetensors(header, data)


def dense(i, o):
    return {"type": "dense", "input_size": i, "output_size": o}


def act(t, n):
    return {"type": t, "size": n}


def model_seeds():
    d = corpus("io", "SafeTensorsFuzzTest", "loadModel")
    arch = {"input_size": 4, "layers": [dense(4, 5), act("relu", 5), dense(5, 3), act("softmax", 3)],
            "loss": "softmax_cross_entropy"}
    tensors = {"layers.0.weight": ([5, 4], [0.1 * (i - 10) for i in range(20)]),
               "layers.0.bias": ([5], [0.0, 0.1, -0.1, 0.2, 0.0]),
               "layers.2.weight": ([3, 5], [0.05 * (7 - i) for i in range(15)]),
               "layers.2.bias": ([3], [0.0, 0.5, -0.5])}
    norm = {"kind": "standard", "offset": [1, 2, 3, 4], "scale": [0.5, 1, 2, 0.25]}
    names = ["setosa", "versicolor", "virginica"]
    put(d, "valid-softmax-classifier", model(arch, tensors, norm, names, {"epochs": "12"}))
    put(d, "valid-sigmoid-binary", model(
        {"input_size": 3, "layers": [dense(3, 1), act("sigmoid", 1)], "loss": "binary_cross_entropy"},
        {"layers.0.weight": ([1, 3], [1, -2, 0.5]), "layers.0.bias": ([1], [0.25])},
        {"kind": "none", "offset": [0, 0, 0], "scale": [1, 1, 1]}, ["no", "yes"]))
    put(d, "valid-tanh-regression", model(
        {"input_size": 2, "layers": [dense(2, 2), act("tanh", 2), dense(2, 1)], "loss": "mean_squared_error"},
        {"layers.0.weight": ([2, 2], [1, 0, 0, 1]), "layers.0.bias": ([2], [0, 0]),
         "layers.2.weight": ([1, 2], [0.5, -0.5]), "layers.2.bias": ([1], [1])},
        {"kind": "min-max", "offset": [0, -1], "scale": [1, 0.5]}, []))
    put(d, "bad-version", model(arch, tensors, norm, names, {"simdnn.model_version": "3"}))
    put(d, "bad-nan-weight", model(arch, dict(tensors, **{"layers.2.bias": ([3], [0.0, float("nan"), 1.0])}),
                                   norm, names))
    put(d, "bad-shape", model(arch, dict(tensors, **{"layers.0.weight": ([4, 5], [0.0] * 20)}), norm, names))
    put(d, "bad-missing-tensor", model(arch, {k: v for k, v in tensors.items() if k != "layers.2.bias"},
                                       norm, names))
    put(d, "bad-extra-tensor", model(arch, dict(tensors, **{"layers.1.weight": ([1], [0.0])}), norm, names))
    put(d, "bad-huge-activation", model(
        {"input_size": 4, "layers": [dense(4, 5), act("relu", 2147483647)], "loss": "mean_squared_error"},
        tensors, norm, names))
    put(d, "bad-no-dense", model({"input_size": 3, "layers": [act("relu", 3)], "loss": "mean_squared_error"},
                                 {}, {"kind": "none", "offset": [0, 0, 0], "scale": [1, 1, 1]}, []))
    put(d, "bad-unfused-loss", model(dict(arch, layers=arch["layers"][:3]), tensors, norm, names))
    put(d, "bad-normalization-width", model(arch, tensors, {"kind": "none", "offset": [0], "scale": [1]}, names))
    put(d, "bad-class-names", model(arch, tensors, norm, ["a"]))
    put(d, "bad-java-class-in-architecture", model(
        dict(arch, **{"@class": "java.lang.ProcessBuilder"}), tensors, norm, names))
    put(d, "bad-java-class-as-layer-type", model(
        dict(arch, layers=[{"type": "java.lang.Runtime", "size": 4}] + arch["layers"]), tensors, norm, names))
    put(d, "bad-java-class-in-normalization", model(
        arch, tensors, dict(norm, **{"@type": "java.net.URL"}), names))
    put(d, "bad-not-a-model", safetensors({"w": tensor([1], 0, 4)}, floats(1)))


if __name__ == "__main__":
    csv_seeds()
    idx_seeds()
    safetensors_seeds()
    model_seeds()

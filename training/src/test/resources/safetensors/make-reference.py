# Regenerates reference.safetensors with the reference implementation (Hugging Face safetensors, tested with
# 0.8.0, and numpy): `pip install safetensors numpy && python3 make-reference.py`.
# SafeTensorsInteropTest reads it and checks that simdnn writes the same bytes for the same tensors.
import numpy as np
from safetensors.numpy import save_file

tensors = {
    "weight": np.array([[1.5, -0.0, 2.0**-149], [3.0, -1e30, 0.1]], dtype=np.float32),
    "bias": np.array([0.25, -4.0, 7.0], dtype=np.float32),
    "scalar": np.array(42.0, dtype=np.float32),
}
save_file(tensors, "reference.safetensors", metadata={"format": "np", "note": "caf\u00e9"})

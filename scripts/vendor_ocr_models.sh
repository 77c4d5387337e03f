#!/usr/bin/env bash
# Re-creates models/ from the PyPI wheel rapidocr-onnxruntime==1.4.4 (PP-OCRv4 mobile det + rec,
# Apache-2.0) and checks the result against models/SHA256SUMS. Needs pip and python3 with
# onnx (`pip install onnx`) to read the alphabet from the recognition model's metadata.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pip download rapidocr-onnxruntime==1.4.4 --no-deps -d "$tmp" >/dev/null
python3 -m zipfile -e "$tmp"/rapidocr_onnxruntime-1.4.4-py3-none-any.whl "$tmp/whl"
cp "$tmp"/whl/rapidocr_onnxruntime/models/ch_PP-OCRv4_det_infer.onnx models/
cp "$tmp"/whl/rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx models/
python3 - <<'PY'
import onnx
m = onnx.load("models/ch_PP-OCRv4_rec_infer.onnx")
chars = next(p.value for p in m.metadata_props if p.key == "character").split("\n")
open("models/ppocr_keys_v1.txt", "w", encoding="utf-8").write("\n".join(chars) + "\n")
PY
(cd models && sha256sum -c SHA256SUMS)

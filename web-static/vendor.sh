#!/bin/sh
# Reproduces src/main/web/vendor/ from the npm packages of pinned versions (needs npm and node; the build
# does not: the files are committed). Only the files the client loads are kept, with each
# package's licence; SHA256SUMS is what VendoredFilesTest checks the tree against.
set -eu
cd "$(dirname "$0")"
SEG=@mediapipe/selfie_segmentation@0.1.1675465747
NS=@sapphi-red/web-noise-suppressor@0.4.1
TV=@mediapipe/tasks-vision@1.1.0
OUT=src/main/web/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$SEG" "$NS" "$TV" >/dev/null && mkdir seg ns tv \
  && tar xzf mediapipe-selfie_segmentation-*.tgz -C seg && tar xzf sapphi-red-web-noise-suppressor-*.tgz -C ns \
  && tar xzf mediapipe-tasks-vision-*.tgz -C tv)
rm -rf "$OUT"
mkdir -p "$OUT/selfie_segmentation" "$OUT/web-noise-suppressor/rnnoise" "$OUT/tasks-vision"
# The SIMD build only: every browser that can join a meeting has WebAssembly SIMD.
for f in selfie_segmentation.js selfie_segmentation.binarypb selfie_segmentation.tflite selfie_segmentation_landscape.tflite \
    selfie_segmentation_solution_simd_wasm_bin.js selfie_segmentation_solution_simd_wasm_bin.wasm \
    selfie_segmentation_solution_simd_wasm_bin.data; do
  cp "$tmp/seg/package/$f" "$OUT/selfie_segmentation/$f"
done
# tasks-vision for the segmentation worker: the ES module bundle and the SIMD WebAssembly build
# that loads in a module worker (the package's licence is Apache-2.0, stated in its package.json;
# it ships no licence file). It ships no model: the legacy landscape model gets the TFLite metadata
# the ImageSegmenter requires (segmenter-metadata.mjs).
cp "$tmp/tv/package/vision_bundle.mjs" "$OUT/tasks-vision/vision_bundle.mjs"
cp "$tmp/tv/package/wasm/vision_wasm_module_internal.js" "$tmp/tv/package/wasm/vision_wasm_module_internal.wasm" "$OUT/tasks-vision/"
node segmenter-metadata.mjs "$tmp/seg/package/selfie_segmentation_landscape.tflite" \
  "$OUT/tasks-vision/selfie_segmentation_landscape.tflite" selfie_segmentation_landscape
cp "$tmp/ns/package/LICENSE" "$OUT/web-noise-suppressor/"
cp "$tmp/ns/package/dist/index.js" "$OUT/web-noise-suppressor/index.js"
cp "$tmp/ns/package/dist/rnnoise/workletProcessor.js" "$OUT/web-noise-suppressor/rnnoise/workletProcessor.js"
cp "$tmp/ns/package/dist/rnnoise.wasm" "$tmp/ns/package/dist/rnnoise_simd.wasm" "$OUT/web-noise-suppressor/"
# Source maps are not shipped; drop the comments that point at them.
sed -i '/^\/\/# sourceMappingURL=/d' "$OUT/web-noise-suppressor/index.js" "$OUT/web-noise-suppressor/rnnoise/workletProcessor.js" \
  "$OUT/tasks-vision/vision_bundle.mjs"
chmod -R u+rw,go+r "$OUT"
find "$OUT" -type f -exec chmod 0644 {} +
(cd "$OUT" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)

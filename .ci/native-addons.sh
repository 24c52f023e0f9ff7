#!/usr/bin/env bash
# Native addons (better-sqlite3…) are built for one Node ABI. `rebuild <node-dir>` keeps the
# current builds aside and rebuilds every addon for that Node with node-gyp against its own
# headers (--nodedir), offline; `restore` puts the kept builds back.
set -euo pipefail
cd "$(dirname "$0")/.."
kept=node_modules/.cache/native-addons-kept

case ${1:-} in
  rebuild)
    nodedir=$2
    # A package with a binding.gyp at its root is an addon built by node-gyp.
    mapfile -t addons < <(find node_modules -name binding.gyp -not -path '*/node_modules/*/node_modules/*' -printf '%h\n' | sed 's#^node_modules/##' | sort -u)
    if [ ${#addons[@]} -eq 0 ]; then
      echo "no native addons to rebuild"
      exit 0
    fi
    rm -rf "$kept"
    mkdir -p "$kept"
    for addon in "${addons[@]}"; do
      if [ -d "node_modules/$addon/build" ]; then
        mkdir -p "$kept/$addon"
        cp -a "node_modules/$addon/build" "$kept/$addon/"
      fi
    done
    echo "rebuilding for $("$nodedir/bin/node" --version): ${addons[*]}"
    # build-from-source: prebuild-install would try to download a prebuilt binary first.
    PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" npm_config_build_from_source=true npm rebuild "${addons[@]}"
    ;;
  restore)
    [ -d "$kept" ] || exit 0
    while IFS= read -r build; do
      addon=${build#"$kept"/}
      addon=${addon%/build}
      rm -rf "node_modules/$addon/build"
      cp -a "$build" "node_modules/$addon/build"
    done < <(find "$kept" -type d -name build -prune)
    rm -rf "$kept"
    ;;
  *)
    echo "usage: $0 rebuild <node-dir> | restore" >&2
    exit 2
    ;;
esac

